package cn.jingbao.engine;

import jakarta.servlet.Filter;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;

/** What keeps the engine from running code and from taking deployments from anyone but the API. */
@Configuration
public class EngineHardeningConfig {

  @Bean
  public static CodeFreeEngine codeFreeEngine(@Value("${jingbao.engine-package}") String enginePackage) {
    return new CodeFreeEngine(enginePackage);
  }

  /** Before authentication, on the REST API and on the webapps' copy of it (Cockpit's /api/engine). */
  @Bean
  public FilterRegistrationBean<Filter> deploymentGuardFilter(@Value("${jingbao.api-token:}") String apiToken) {
    FilterRegistrationBean<Filter> registration = new FilterRegistrationBean<>(new DeploymentGuardFilter(apiToken));
    registration.setName("deployment-guard");
    registration.addUrlPatterns("/engine-rest/*", "/operaton/api/*", "/camunda/api/*");
    registration.setOrder(Ordered.HIGHEST_PRECEDENCE);
    return registration;
  }
}
