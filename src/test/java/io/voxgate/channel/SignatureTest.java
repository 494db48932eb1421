package io.voxgate.channel;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class SignatureTest {
  static final byte[] BODY = "{\"body\":\"投诉\"}".getBytes(StandardCharsets.UTF_8);

  @Test
  void matchesOpensslHmacOutput() {
    // printf '%s' '{"body":"投诉"}' | openssl dgst -sha256 -hmac secret
    assertThat(Signature.sign("secret", BODY)).isEqualTo("sha256=9cb3ced71dc0263eff4f070278e9fae821818cb735e62c052fd8cb67e7ed0e55");
  }

  @Test
  void acceptsOnlyTheRightSignatureOfTheExactBody() {
    String good = Signature.sign("secret", BODY);
    assertThat(Signature.verify("secret", BODY, good)).isTrue();
    assertThat(Signature.verify("secret", BODY, good.toUpperCase().replace("SHA256=", "sha256="))).isTrue();
    assertThat(Signature.verify("other", BODY, good)).isFalse();
    assertThat(Signature.verify("secret", "{\"body\":\"投诉 \"}".getBytes(StandardCharsets.UTF_8), good)).isFalse();
    assertThat(Signature.verify("secret", BODY, null)).isFalse();
    assertThat(Signature.verify("secret", BODY, "sha256=zz")).isFalse();
    assertThat(Signature.verify("secret", BODY, good.substring(7))).isFalse();
  }
}
