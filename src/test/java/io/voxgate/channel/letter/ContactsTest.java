package io.voxgate.channel.letter;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ContactsTest {
  @Test
  void findsMobilesLandlinesEmailsAddressAndPostcode() {
    Contacts c = Contacts.in("""
        尊敬的客服中心：
        我的手机 138 1234 5678，家里电话 (020) 87654321，也可发邮件 Wang.Wu@Example.com。
        通信地址：广东省广州市天河区体育西路 191 号 3 栋 502 室，邮编：510620
        如不处理我将拨打 12315 或 400-800-1234。
        联系人：王五
        """);
    assertThat(c.mobiles()).containsExactly("+8613812345678");
    assertThat(c.landlines()).containsExactly("020-87654321");
    assertThat(c.emails()).containsExactly("wang.wu@example.com");
    assertThat(c.address()).isEqualTo("广东省广州市天河区体育西路 191 号 3 栋 502 室");
    assertThat(c.postcode()).isEqualTo("510620");
    assertThat(c.name()).isEqualTo("王五");
    assertThat(c.any()).isTrue();
  }

  @Test
  void hotlinesAmountsAndDatesAreNotContacts() {
    Contacts c = Contacts.in("我于2026年11月20日购买，订单号 20261120123456789，金额 12315 元，已拨打12315和95598。");
    assertThat(c.mobiles()).isEmpty();
    assertThat(c.landlines()).isEmpty();
    assertThat(c.emails()).isEmpty();
    assertThat(c.any()).isFalse();
    assertThat(c.address()).isNull();
  }

  @Test
  void countryCodeAndAnAddressLineWithoutLabel() {
    Contacts c = Contacts.in("Tel: +86 139-0000-1111\n北京市海淀区中关村大街1号\n");
    assertThat(c.mobiles()).containsExactly("+8613900001111");
    assertThat(c.address()).isEqualTo("北京市海淀区中关村大街1号");
  }
}
