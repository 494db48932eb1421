package io.voxgate.channel.letter;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class TesseractTsvTest {
  static final String HEADER = "level\tpage_num\tblock_num\tpar_num\tline_num\tword_num\tleft\ttop\twidth\theight\tconf\ttext\n";

  static String word(int block, int line, int conf, String text) {
    return "5\t1\t" + block + "\t1\t" + line + "\t1\t0\t0\t10\t10\t" + conf + "\t" + text + "\n";
  }

  @Test
  void joinsChineseWithoutSpacesAndWeightsConfidenceByLength() {
    String tsv = HEADER + "1\t1\t0\t0\t0\t0\t0\t0\t100\t100\t-1\t\n"
        + word(1, 1, 90, "产品") + word(1, 1, 80, "质量") + word(1, 1, 60, "12315")
        + word(1, 2, 95, "refund") + word(1, 2, 95, "please")
        + word(2, 1, 40, "投诉") + word(2, 1, -1, "");
    TesseractTsv.Reading r = TesseractTsv.parse(tsv);
    assertThat(r.text()).isEqualTo("产品质量 12315\nrefund please\n\n投诉");
    assertThat(r.words()).isEqualTo(6);
    // (90*2 + 80*2 + 60*5 + 95*6 + 95*6 + 40*2) / 23
    assertThat(r.confidence()).isEqualTo(80.9);
  }

  @Test
  void blankPageHasNoConfidence() {
    TesseractTsv.Reading r = TesseractTsv.parse(HEADER + "1\t1\t0\t0\t0\t0\t0\t0\t100\t100\t-1\t\n");
    assertThat(r.text()).isEmpty();
    assertThat(r.confidence()).isNull();
  }
}
