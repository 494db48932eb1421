package io.voxgate.inbox;

import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import io.voxgate.db.Sql;
import io.voxgate.ticket.Hashes;
import io.voxgate.ticket.Uuid7;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.List;
import java.util.Optional;

/**
 * Bearer tokens: random 256-bit secrets given out once; only their SHA-256 is stored (a slow hash
 * adds nothing for secrets of that strength and would cost every request).
 */
public final class Tokens {
  private static final SecureRandom RANDOM = new SecureRandom();
  private final Pool pool;

  public Tokens(Pool pool) {
    this.pool = pool;
  }

  public static String newSecret() {
    byte[] b = new byte[32];
    RANDOM.nextBytes(b);
    return "vxg_" + Base64.getUrlEncoder().withoutPadding().encodeToString(b);
  }

  public Future<Optional<Principal>> authenticate(String token) {
    return pool.preparedQuery(Sql.get("inbox/find_token")).execute(Tuple.of(Hashes.sha256Hex(token)))
        .map(rows -> {
          if (rows.size() == 0) return Optional.empty();
          Row r = rows.iterator().next();
          return Optional.of(new Principal(r.getString("name"), Role.fromWire(r.getString("role")),
              List.of(r.getArrayOfStrings("departments"))));
        });
  }

  /** Stores a token for {@code secret}; a secret already stored is left as it is. */
  public Future<Void> store(String name, Role role, List<String> departments, String secret) {
    return pool.preparedQuery(Sql.get("inbox/insert_token"))
        .execute(Tuple.of(Uuid7.next(), name, role.wire(), Hashes.sha256Hex(secret), departments.toArray(String[]::new)))
        .mapEmpty();
  }

  public Future<Long> adminCount() {
    return pool.preparedQuery(Sql.get("inbox/count_admin_tokens")).execute()
        .map(rows -> rows.iterator().next().getLong(0));
  }
}
