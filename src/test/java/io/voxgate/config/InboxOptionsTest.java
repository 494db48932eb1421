package io.voxgate.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

class InboxOptionsTest {
  static InboxOptions parse(Map<String, Object> inbox) {
    return InboxOptions.from(new YamlTree("conf/voxgate.yaml", "", Map.of("inbox", inbox), Map.of()).child("inbox"));
  }

  @Test
  void readsLimitsAndVolumesWithDefaults() {
    InboxOptions o = parse(Map.of("text_limit", 300, "volume", Map.of("month", 5000)));
    assertThat(o.textLimit()).isEqualTo(300);
    assertThat(o.samplePercent()).isEqualTo(20);
    assertThat(o.volume("month")).hasValue(5000L);
    assertThat(o.volume("week")).isEmpty();
    assertThat(parse(Map.of())).isEqualTo(InboxOptions.defaults());
  }

  @Test
  void namesTheFileAndKeyOfABadSetting() {
    assertThatThrownBy(() -> parse(Map.of("colour", "red"))).isInstanceOf(ConfigException.class)
        .hasMessageContaining("conf/voxgate.yaml").hasMessageContaining("inbox.colour");
    assertThatThrownBy(() -> parse(Map.of("visit_sample_percent", 120))).isInstanceOf(ConfigException.class)
        .hasMessageContaining("inbox.visit_sample_percent");
    assertThatThrownBy(() -> parse(Map.of("volume", Map.of("year", 1)))).hasMessageContaining("inbox.volume.year");
  }
}
