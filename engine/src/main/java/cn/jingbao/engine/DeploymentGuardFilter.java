package cn.jingbao.engine;

import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.regex.Pattern;

/**
 * Only the product's API deploys: a deployment (create or redeploy) through the engine's REST API or
 * the webapps' copy of it is refused unless it carries the API's token. The API checks every model
 * before it deploys it (src/processes/flow-safety.ts); a person with an engine account, even the
 * Cockpit administrator, cannot go around that check.
 */
public class DeploymentGuardFilter implements Filter {
  private static final Pattern DEPLOYING = Pattern.compile(".*/deployment/(create|[^/]+/redeploy)/?$");

  private final byte[] token;

  public DeploymentGuardFilter(String token) {
    this.token = token == null || token.isEmpty() ? null : token.getBytes(StandardCharsets.UTF_8);
  }

  @Override
  public void doFilter(ServletRequest request, ServletResponse response, FilterChain chain) throws IOException, ServletException {
    HttpServletRequest http = (HttpServletRequest) request;
    if (token != null && "POST".equalsIgnoreCase(http.getMethod()) && DEPLOYING.matcher(http.getRequestURI()).matches()) {
      String presented = http.getHeader(ApiTokenAuthenticationFilter.HEADER);
      if (presented == null || !MessageDigest.isEqual(token, presented.getBytes(StandardCharsets.UTF_8))) {
        HttpServletResponse refused = (HttpServletResponse) response;
        refused.setStatus(403);
        refused.setContentType("application/json;charset=UTF-8");
        refused.getWriter().write("{\"type\":\"DeploymentRefused\",\"message\":\"只有智慧警保的 API 可以部署流程 / only the product's API deploys processes\"}");
        return;
      }
    }
    chain.doFilter(request, response);
  }
}
