package io.voxgate.channel.email;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.Charset;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** How unlabelled 8-bit text is told apart: lone 8-bit letters are Latin, CJK needs them in pairs. */
class MailTextTest {
  static byte[] in(String text, String charset) {
    return text.getBytes(Charset.forName(charset));
  }

  @Test
  void latinTextLooksLatinAndCjkTextDoesNot() {
    assertThat(MailText.looksLatin(in("Beschwerde über die Spülmaschine", "ISO-8859-1"))).isTrue();
    assertThat(MailText.looksLatin(in("Réclamation – “urgent”", "windows-1252"))).isTrue();
    assertThat(MailText.looksLatin(in("冰箱不制冷", "GBK"))).isFalse();
    assertThat(MailText.looksLatin(in("A投B诉C", "GBK"))).as("one character between ASCII is still a pair").isFalse();
    assertThat(MailText.looksLatin(in("產品質量投訴", "Big5"))).isFalse();
    assertThat(MailText.looksLatin(in("テスト", "Shift_JIS"))).as("katakana: a lead byte before ASCII").isFalse();
    assertThat(MailText.looksLatin(in("plain ascii", "US-ASCII"))).isFalse();
  }

  /**
   * Unlabelled Korean is not among them: its bytes are also common GB2312 characters, and for a
   * Chinese complaint desk GBK wins that tie. Labelled Korean is read right (fixtures charset-euc-kr).
   */
  @Test
  void guessesReadEachBackAsWritten() {
    for (String[] c : new String[][] {{"Größe 60 cm, läuft über.", "ISO-8859-1"}, {"洗衣机漏水，要求退款。", "GBK"},
        {"空调", "GBK"}, {"空调投诉", "GBK"}, {"產品質量投訴，洗衣機漏水", "Big5"}, {"洗濯機から水漏れ、返金希望です。", "Shift_JIS"}}) {
      assertThat(MailText.guess(in(c[0], c[1]), Optional.empty())).as(c[1]).isEqualTo(c[0]);
    }
  }

  @Test
  void rawHeaderBytesUseALatinHintOnlyForLatinLookingText() {
    String gbkAsRead = new String(in("空调投诉", "GBK"), Charset.forName("ISO-8859-1"));
    assertThat(MailText.header(gbkAsRead, "iso-8859-2")).isEqualTo("空调投诉");
    String polish = new String(in("Łódź: pralka", "ISO-8859-2"), Charset.forName("ISO-8859-1"));
    assertThat(MailText.header(polish, "iso-8859-2")).isEqualTo("Łódź: pralka");
  }
}
