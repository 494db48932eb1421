package io.voxgate.channel.letter;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Ways to reach a letter's sender found in its text: mobile numbers ({@code 1[3-9]} + 9 digits,
 * as {@code +86…}), landlines with an area code ({@code 0xx-xxxxxxxx}), email addresses, a postal
 * address line (labelled 地址/住址/通信地址/Address, or a line that reads like one) and a 邮编.
 * Hotlines such as 12315 are not contacts. OCR spacing inside numbers is tolerated. Pure.
 */
public record Contacts(List<String> mobiles, List<String> landlines, List<String> emails, String address,
                       String postcode, String name) {

  private static final Pattern MOBILE = Pattern.compile("(?<![\\d.])(?:\\+?86[\\s-]?)?(1[3-9]\\d)[\\s-]?(\\d{4})[\\s-]?(\\d{4})(?!\\d)");
  private static final Pattern LANDLINE = Pattern.compile("(?<![\\d+])[(（]?(0\\d{2,3})[)）]?[\\s-]?(\\d{7,8})(?!\\d)");
  private static final Pattern EMAIL = Pattern.compile("[A-Za-z0-9._%+-]+\\s?@\\s?[A-Za-z0-9-]+(?:\\.[A-Za-z0-9-]+)*\\.[A-Za-z]{2,}");
  private static final Pattern POSTCODE = Pattern.compile("(?:邮编|邮政编码|Post\\s?code|Postal\\s?code|ZIP)\\s*[:：]?\\s*(\\d{6})(?!\\d)",
      Pattern.CASE_INSENSITIVE);
  private static final Pattern ADDRESS_LABEL = Pattern.compile(
      "(?:通信地址|联系地址|通讯地址|家庭住址|寄信地址|回信地址|收信地址|住址|地址|Address)\\s*[:：]\\s*(.+)", Pattern.CASE_INSENSITIVE);
  private static final Pattern ADDRESS_SHAPE = Pattern.compile(
      "^.{0,12}?(?:省|自治区|市).{0,20}?(?:市|区|县|镇|旗).{0,40}?(?:路|街|道|巷|弄|村|号|室|楼|栋|单元).*$");
  private static final Pattern NAME = Pattern.compile("(?:姓名|联系人|寄信人|举报人|投诉人|署名)\\s*[:：]\\s*([\\p{IsHan}A-Za-z·. ]{2,20})");

  public static Contacts in(String text) {
    Set<String> mobiles = new LinkedHashSet<>();
    Matcher m = MOBILE.matcher(text);
    while (m.find()) mobiles.add("+86" + m.group(1) + m.group(2) + m.group(3));
    String withoutMobiles = MOBILE.matcher(text).replaceAll(" ");
    Set<String> landlines = new LinkedHashSet<>();
    m = LANDLINE.matcher(withoutMobiles);
    while (m.find()) landlines.add(m.group(1) + "-" + m.group(2));
    Set<String> emails = new LinkedHashSet<>();
    m = EMAIL.matcher(text);
    while (m.find()) emails.add(m.group().replaceAll("\\s", "").toLowerCase(java.util.Locale.ROOT));
    m = POSTCODE.matcher(text);
    String postcode = m.find() ? m.group(1) : null;
    m = NAME.matcher(text);
    String name = m.find() ? m.group(1).strip() : null;
    return new Contacts(List.copyOf(mobiles), List.copyOf(landlines), List.copyOf(emails), address(text), postcode, name);
  }

  private static String address(String text) {
    List<String> shaped = new ArrayList<>();
    for (String line : text.split("\n")) {
      String l = line.strip();
      Matcher m = ADDRESS_LABEL.matcher(l);
      if (m.find()) {
        String a = clean(m.group(1));
        if (!a.isEmpty()) return a;
      }
      if (l.length() <= 80 && ADDRESS_SHAPE.matcher(l).matches()) shaped.add(clean(l));
    }
    return shaped.isEmpty() ? null : shaped.get(0);
  }

  /** Cuts what follows the address on the same line (phone, postcode, email). */
  private static String clean(String s) {
    String a = s.split("(?:邮编|邮政编码|电话|手机|联系电话|Tel|Phone|E-?mail|邮箱)", 2)[0];
    return a.replaceAll("[，,;；。\\s]+$", "").strip();
  }

  public boolean any() {
    return !mobiles.isEmpty() || !landlines.isEmpty() || !emails.isEmpty();
  }
}
