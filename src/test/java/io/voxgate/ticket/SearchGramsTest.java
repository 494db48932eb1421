package io.voxgate.ticket;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class SearchGramsTest {
  @Test
  void everyTermsGramsAreInTheTextsGrams() {
    List<String> text = List.of(SearchGrams.of("洗衣机质量问题，申请退款 300 元. Refund NOW"));
    assertThat(text).contains(SearchGrams.forTerm("退款")).contains(SearchGrams.forTerm("refund"))
        .contains(SearchGrams.forTerm("质量问题")).contains(SearchGrams.forTerm("300"));
  }

  @Test
  void singleHanCharacterIsItsOwnGramButSingleLettersAreNotIndexed() {
    assertThat(SearchGrams.forTerm("火")).containsExactly("火");
    assertThat(SearchGrams.forTerm("a")).isEmpty();
  }

  @Test
  void whitespaceBreaksGramsAndQueriesSplitIntoTerms() {
    assertThat(List.of(SearchGrams.of("ab cd"))).contains("ab", "cd").doesNotContain("b ", "bc");
    assertThat(SearchGrams.terms("  退款  洗衣机 ")).containsExactly("退款", "洗衣机");
  }
}
