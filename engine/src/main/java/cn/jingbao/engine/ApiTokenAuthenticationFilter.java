package cn.jingbao.engine;

import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.FilterConfig;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import java.lang.reflect.Method;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.List;

/**
 * Lets the product's API in by its own technical credential, a token in the X-Jingbao-Engine-Token
 * header, and everyone else by HTTP basic authentication against the engine's users. The token is no
 * user password: wrong passwords tried on any account (which make the engine delay that account's
 * logins) never stop the API. Requests with the token act as the user "jingbao-api".
 */
public class ApiTokenAuthenticationFilter implements Filter {
  static final String HEADER = "X-Jingbao-Engine-Token";
  static final String TECHNICAL_USER = "jingbao-api";

  private final Filter basicAuthentication;
  private final byte[] token;
  private final String enginePackage;

  public ApiTokenAuthenticationFilter(Filter basicAuthentication, String token, String enginePackage) {
    this.basicAuthentication = basicAuthentication;
    this.token = token == null || token.isEmpty() ? null : token.getBytes(StandardCharsets.UTF_8);
    this.enginePackage = enginePackage;
  }

  @Override
  public void init(FilterConfig config) throws ServletException {
    basicAuthentication.init(config);
  }

  @Override
  public void doFilter(ServletRequest request, ServletResponse response, FilterChain chain) throws IOException, ServletException {
    String presented = ((HttpServletRequest) request).getHeader(HEADER);
    if (token == null || presented == null) {
      basicAuthentication.doFilter(request, response, chain);
      return;
    }
    if (!MessageDigest.isEqual(token, presented.getBytes(StandardCharsets.UTF_8))) {
      ((jakarta.servlet.http.HttpServletResponse) response).sendError(401, "wrong engine token");
      return;
    }
    Object identityService = identityService();
    setAuthentication(identityService, TECHNICAL_USER);
    try {
      chain.doFilter(request, response);
    } finally {
      clearAuthentication(identityService);
    }
  }

  @Override
  public void destroy() {
    basicAuthentication.destroy();
  }

  // The engine's classes differ only by package between Operaton and Camunda 7: reached by reflection.
  private Object identityService() throws ServletException {
    try {
      Object engine = Class.forName(enginePackage + ".bpm.engine.ProcessEngines").getMethod("getDefaultProcessEngine").invoke(null);
      return engine.getClass().getMethod("getIdentityService").invoke(engine);
    } catch (ReflectiveOperationException e) {
      throw new ServletException("no process engine", e);
    }
  }

  private void setAuthentication(Object identityService, String userId) throws ServletException {
    try {
      Method set = identityService.getClass().getMethod("setAuthentication", String.class, List.class);
      set.invoke(identityService, userId, List.of());
    } catch (ReflectiveOperationException e) {
      throw new ServletException("cannot authenticate the API", e);
    }
  }

  private void clearAuthentication(Object identityService) throws ServletException {
    try {
      identityService.getClass().getMethod("clearAuthentication").invoke(identityService);
    } catch (ReflectiveOperationException e) {
      throw new ServletException("cannot clear the API's authentication", e);
    }
  }
}
