package io.voxgate.inbox;

import static org.assertj.core.api.Assertions.assertThat;

import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.PathItem;
import io.swagger.v3.parser.OpenAPIV3Parser;
import io.swagger.v3.parser.core.models.ParseOptions;
import io.swagger.v3.parser.core.models.SwaggerParseResult;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.Route;
import io.vertx.ext.web.Router;
import io.voxgate.http.HttpVerticle;
import io.voxgate.support.TestGateway;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** /openapi.yaml is a valid OpenAPI 3 document and names exactly the routes the gateway serves. */
class OpenApiIT {
  static TestGateway gw;
  static OpenAPI api;

  @BeforeAll
  static void start() {
    gw = TestGateway.start();
    HttpResponse<String> r = gw.get("/openapi.yaml", null);
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.headers().firstValue("Content-Type").orElseThrow()).startsWith("application/yaml");
    ParseOptions options = new ParseOptions();
    options.setResolve(true);
    SwaggerParseResult parsed = new OpenAPIV3Parser().readContents(r.body(), null, options);
    assertThat(parsed.getMessages()).as("parser messages").isEmpty();
    api = parsed.getOpenAPI();
  }

  @AfterAll
  static void stop() {
    gw.close();
  }

  @Test
  void isAValidOpenApi3Document() {
    assertThat(api).isNotNull();
    assertThat(api.getOpenapi()).startsWith("3.");
    assertThat(api.getComponents().getSecuritySchemes()).containsKey("bearer");
    assertThat(api.getPaths()).containsKeys("/intake/{channel}/{source}", "/api/v1/tickets/{ref}", "/api/v1/reports",
        "/health/ready", "/api/v1/tokens");
  }

  @Test
  void documentsEveryRouteOfTheRouterAndNothingElse() {
    Router router = HttpVerticle.router(gw.gateway().vertx(), gw.gateway().shared());
    List<String> served = new ArrayList<>();
    walk(router, "", served);
    assertThat(served).as("walked routes").hasSizeGreaterThan(15);
    Set<String> documented = new TreeSet<>();
    api.getPaths().forEach((path, item) -> item.readOperationsMap().keySet()
        .forEach(m -> documented.add(m.name() + " " + path)));

    List<String> undocumented = served.stream().filter(s -> documented.stream().noneMatch(d -> matches(d, s))).toList();
    assertThat(undocumented).as("routes missing from openapi.yaml").isEmpty();
    List<String> unserved = documented.stream().filter(d -> served.stream().noneMatch(s -> matches(d, s))).toList();
    assertThat(unserved).as("documented but not served").isEmpty();
  }

  /** "METHOD /path/{x}" for every route with a path; sub-routers are walked under their mount point. */
  static void walk(Router router, String prefix, List<String> out) {
    for (Route r : router.getRoutes()) {
      // vert.x marks ":param" paths as regex too, but keeps their path; a pure regex route has none
      if (r.getPath() == null) {
        assertThat(r.isRegexPath()).as("a pure regex route cannot be documented").isFalse();
        continue; // handlers for every path: authentication, failures
      }
      String path = join(prefix, r.getPath());
      if (r.getSubRouter() != null) {
        walk(r.getSubRouter(), path, out);
        continue;
      }
      String template = path.replaceAll(":([A-Za-z0-9_]+)", "{$1}") + (r.isExactPath() ? "" : "{*}");
      Set<HttpMethod> methods = r.methods() == null || r.methods().isEmpty() ? Set.of(HttpMethod.GET, HttpMethod.POST) : r.methods();
      for (HttpMethod m : methods) out.add(m.name().toUpperCase(Locale.ROOT) + " " + template);
    }
  }

  static String join(String prefix, String path) {
    if (prefix.endsWith("/") && path.startsWith("/")) return prefix + path.substring(1);
    return prefix + path;
  }

  /** A documented "{x}" segment stands for any served segment (a path parameter or a wildcard). */
  static boolean matches(String documented, String served) {
    String[] d = documented.split(" ", 2);
    String[] s = served.split(" ", 2);
    if (!d[0].equals(s[0])) return false;
    String[] ds = d[1].split("/", -1);
    String[] ss = s[1].split("/", -1);
    if (ds.length != ss.length) return false;
    for (int i = 0; i < ds.length; i++) {
      boolean param = ds[i].startsWith("{") && ds[i].endsWith("}");
      if (param ? ss[i].isEmpty() : !ds[i].equals(ss[i])) return false;
    }
    return true;
  }
}
