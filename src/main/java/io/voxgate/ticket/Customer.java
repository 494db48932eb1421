package io.voxgate.ticket;

/** Who complained; any field may be null. */
public record Customer(String name, String phone, String email, String address) {
  public static final Customer UNKNOWN = new Customer(null, null, null, null);

  public boolean reachable() {
    return phone != null || email != null;
  }
}
