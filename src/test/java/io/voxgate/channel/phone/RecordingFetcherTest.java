package io.voxgate.channel.phone;

import static org.assertj.core.api.Assertions.assertThat;

import io.voxgate.config.PhoneOptions.Auth;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.junit.jupiter.api.Test;

class RecordingFetcherTest {
  static final String SID = "AC0123456789abcdef0123456789ABCDEF";
  static final URI TWILIO = URI.create("https://api.twilio.com/2010-04-01/Accounts/" + SID
      + "/Recordings/RE0123456789abcdef0123456789abcdef");

  static String basic(String user, String password) {
    return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void twilioUsesTheAccountSidOfTheRecordingUrlWithTheAuthToken() {
    assertThat(RecordingFetcher.authorization(new Auth.TwilioAccount("tok"), TWILIO)).contains(basic(SID, "tok"));
  }

  @Test
  void twilioSendsNothingWhenTheUrlNamesNoAccount() {
    assertThat(RecordingFetcher.authorization(new Auth.TwilioAccount("tok"),
        URI.create("https://api.twilio.com/2010-04-01/Accounts/AC123/Recordings/RE1"))).isEmpty();
    assertThat(RecordingFetcher.authorization(new Auth.TwilioAccount("tok"),
        URI.create("https://media.example.com/rec/RE1.wav"))).isEmpty();
  }

  @Test
  void basicAndBearerGoAsConfigured() {
    assertThat(RecordingFetcher.authorization(new Auth.Basic("录音", "p:w"), TWILIO)).contains(basic("录音", "p:w"));
    assertThat(RecordingFetcher.authorization(new Auth.Bearer("t-1"), TWILIO)).contains("Bearer t-1");
    assertThat(RecordingFetcher.authorization(new Auth.None(), TWILIO)).isEmpty();
  }
}
