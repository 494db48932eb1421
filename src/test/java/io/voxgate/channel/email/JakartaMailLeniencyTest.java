package io.voxgate.channel.email;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/** The test JVM (pom.xml) reads mail as leniently as the gateway (Main): the same Jakarta Mail switches. */
class JakartaMailLeniencyTest {
  @Test
  void theTestJvmHasTheGatewaysJakartaMailSwitches() {
    Map<String, String> set = new TreeMap<>();
    MailParser.JAKARTA_SYSTEM_PROPERTIES.keySet().forEach(k -> set.put(k, System.getProperty(k)));
    assertThat(set).isEqualTo(new TreeMap<>(MailParser.JAKARTA_SYSTEM_PROPERTIES));
  }
}
