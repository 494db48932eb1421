package io.voxgate.config;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class RedactTest {
  @Test
  void hidesUserInfoAndQueryButKeepsWhereItWent() {
    assertThat(Redact.url("http://user:pw-123@sms.example.com:8443/send?key=k-456&x=1"))
        .isEqualTo("http://***@sms.example.com:8443/send?***");
    assertThat(Redact.url("https://hooks.example.com/ack")).isEqualTo("https://hooks.example.com/ack");
    assertThat(Redact.url("smtps://u%40x:p%3Aw@mail.example.com")).isEqualTo("smtps://***@mail.example.com");
  }

  @Test
  void textThatIsNoUrlIsHiddenWhole() {
    assertThat(Redact.url("not a url with secret")).isEqualTo("***");
    assertThat(Redact.url("user:secret")).isEqualTo("***");
    assertThat(Redact.url(null)).isNull();
  }
}
