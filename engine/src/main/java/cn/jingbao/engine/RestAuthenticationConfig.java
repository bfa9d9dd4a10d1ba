package cn.jingbao.engine;

import jakarta.servlet.Filter;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Puts authentication in front of /engine-rest: the product's API by its own token, anyone else by
 * HTTP basic authentication checked against the engine's own users.
 * The class names differ only by package between Operaton and Camunda 7, so they are resolved at run
 * time and one source tree serves both flavours.
 */
@Configuration
@ConditionalOnProperty(name = "jingbao.rest-auth", havingValue = "true", matchIfMissing = true)
public class RestAuthenticationConfig {

  @Bean
  public FilterRegistrationBean<Filter> restAuthenticationFilter(
      @Value("${jingbao.engine-package}") String enginePackage,
      @Value("${jingbao.api-token:}") String apiToken) throws ReflectiveOperationException {
    String base = enginePackage + ".bpm.engine.rest.security.auth.";
    Filter basic = (Filter) Class.forName(base + "ProcessEngineAuthenticationFilter")
        .getDeclaredConstructor().newInstance();
    Filter filter = new ApiTokenAuthenticationFilter(basic, apiToken, enginePackage);
    FilterRegistrationBean<Filter> registration = new FilterRegistrationBean<>(filter);
    registration.setName("engine-rest-authentication");
    registration.addUrlPatterns("/engine-rest/*");
    registration.addInitParameter("authentication-provider", base + "impl.HttpBasicAuthenticationProvider");
    return registration;
  }

  /** /jingbao-rest (the outbox of task changes and task snapshots) answers the product's API only, by its token. */
  @Bean
  public FilterRegistrationBean<Filter> productRestAuthenticationFilter(@Value("${jingbao.api-token:}") String apiToken) {
    FilterRegistrationBean<Filter> registration = new FilterRegistrationBean<>(new ApiTokenOnlyFilter(apiToken));
    registration.setName("jingbao-rest-authentication");
    registration.addUrlPatterns("/jingbao-rest/*");
    return registration;
  }
}
