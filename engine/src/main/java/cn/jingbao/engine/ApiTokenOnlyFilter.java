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

/** Lets a request in only with the product API's token; without a configured token, nobody. */
public class ApiTokenOnlyFilter implements Filter {
  private final byte[] token;

  public ApiTokenOnlyFilter(String token) {
    this.token = token == null || token.isEmpty() ? null : token.getBytes(StandardCharsets.UTF_8);
  }

  @Override
  public void doFilter(ServletRequest request, ServletResponse response, FilterChain chain) throws IOException, ServletException {
    String presented = ((HttpServletRequest) request).getHeader(ApiTokenAuthenticationFilter.HEADER);
    if (token == null || presented == null || !MessageDigest.isEqual(token, presented.getBytes(StandardCharsets.UTF_8))) {
      ((HttpServletResponse) response).sendError(401, "the product API's engine token is required");
      return;
    }
    chain.doFilter(request, response);
  }
}
