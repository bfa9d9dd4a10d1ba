package cn.jingbao.engine;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.script.ScriptEngineManager;
import org.springframework.beans.BeansException;
import org.springframework.beans.factory.config.BeanPostProcessor;

/**
 * Makes the engine refuse to run code whatever it is given, beneath the API's own check of every
 * model (src/processes/flow-safety.ts):
 * <ul>
 *   <li>no script engine is found for any language (the script engine resolver answers none, so a
 *       script task, script listener or script condition cannot run, JUEL scripts included);</li>
 *   <li>expressions see no Spring beans (the bean map is empty), only process variables;</li>
 *   <li>a model with a script task, script, listener, connector, Java class, delegate or method
 *       expression, DMN/CMMN call, script condition, or an expression calling a method, reading a
 *       property or indexing is refused when deployed (a parse listener throws).</li>
 * </ul>
 * The engine's classes differ only by package between Operaton and Camunda 7, so they are reached by
 * reflection and dynamic proxies; one source tree serves both flavours.
 */
public class CodeFreeEngine implements BeanPostProcessor {
  private static final Set<String> REFUSED_ELEMENTS = Set.of("scriptTask", "script", "executionListener", "taskListener", "connector");
  private static final Set<String> REFUSED_ATTRIBUTES = Set.of(
      "class", "expression", "delegateExpression", "scriptFormat", "decisionRef", "caseRef",
      "variableMappingClass", "variableMappingDelegateExpression", "resource");
  private static final Pattern EXPRESSION = Pattern.compile("[$#]\\{((?:'(?:[^'\\\\]|\\\\.)*'|\"(?:[^\"\\\\]|\\\\.)*\"|[^}'\"])*)\\}");
  private static final Pattern STRING_LITERAL = Pattern.compile("'(?:[^'\\\\]|\\\\.)*'|\"(?:[^\"\\\\]|\\\\.)*\"");
  /** A call, property access or index: a name, a string or a closing bracket followed by ( . or [ (a decimal number is none). */
  private static final Pattern REACHES_FOR_CODE = Pattern.compile("([A-Za-z_]\\w*|[)\\]'\"])\\s*[.(\\[]|;|->");

  private final String enginePackage;

  public CodeFreeEngine(String enginePackage) {
    this.enginePackage = enginePackage;
  }

  @Override
  public Object postProcessBeforeInitialization(Object bean, String beanName) throws BeansException {
    if (!isProcessEngineConfiguration(bean)) return bean;
    try {
      invoke(bean, "setBeans", new Class<?>[] {java.util.Map.class}, new HashMap<>());
      Class<?> resolverType = Class.forName(enginePackage + ".bpm.engine.impl.scripting.engine.ScriptEngineResolver");
      invoke(bean, "setScriptEngineResolver", new Class<?>[] {resolverType}, noScriptEngines(resolverType));
      invoke(bean, "setEnableScriptEngineCaching", new Class<?>[] {boolean.class}, false);
      invoke(bean, "setEnableScriptEngineLoadExternalResources", new Class<?>[] {boolean.class}, false);
      Class<?> listenerType = Class.forName(enginePackage + ".bpm.engine.impl.bpmn.parser.BpmnParseListener");
      @SuppressWarnings("unchecked")
      List<Object> listeners = (List<Object>) bean.getClass().getMethod("getCustomPreBPMNParseListeners").invoke(bean);
      List<Object> withOurs = listeners == null ? new ArrayList<>() : new ArrayList<>(listeners);
      withOurs.add(Proxy.newProxyInstance(listenerType.getClassLoader(), new Class<?>[] {listenerType}, new RefuseCode()));
      invoke(bean, "setCustomPreBPMNParseListeners", new Class<?>[] {List.class}, withOurs);
    } catch (ReflectiveOperationException e) {
      throw new IllegalStateException("cannot make the process engine code-free", e);
    }
    return bean;
  }

  private boolean isProcessEngineConfiguration(Object bean) {
    try {
      return Class.forName(enginePackage + ".bpm.engine.impl.cfg.ProcessEngineConfigurationImpl").isInstance(bean);
    } catch (ClassNotFoundException e) {
      return false;
    }
  }

  private static void invoke(Object target, String name, Class<?>[] types, Object... args) throws ReflectiveOperationException {
    findMethod(target.getClass(), name, types).invoke(target, args);
  }

  private static Method findMethod(Class<?> type, String name, Class<?>[] types) throws NoSuchMethodException {
    for (Class<?> c = type; c != null; c = c.getSuperclass()) {
      try {
        return c.getMethod(name, types);
      } catch (NoSuchMethodException ignored) {
        // look further up
      }
    }
    throw new NoSuchMethodException(name);
  }

  /** A resolver that finds no script engine for any language, from a manager that loads none. */
  private static Object noScriptEngines(Class<?> resolverType) {
    ScriptEngineManager empty = new ScriptEngineManager(null);
    InvocationHandler handler = (proxy, method, args) -> switch (method.getName()) {
      case "getScriptEngineManager" -> empty;
      case "hashCode" -> System.identityHashCode(proxy);
      case "equals" -> proxy == args[0];
      case "toString" -> "no script engines";
      default -> null;
    };
    return Proxy.newProxyInstance(resolverType.getClassLoader(), new Class<?>[] {resolverType}, handler);
  }

  /** Walks each parsed model from its root and throws on the first construct that runs code. */
  private final class RefuseCode implements InvocationHandler {
    @Override
    public Object invoke(Object proxy, Method method, Object[] args) throws Throwable {
      switch (method.getName()) {
        case "parseRootElement" -> check(args[0]);
        case "hashCode" -> { return System.identityHashCode(proxy); }
        case "equals" -> { return proxy == args[0]; }
        case "toString" -> { return "refuse code in BPMN"; }
        default -> { }
      }
      return null;
    }

    private void check(Object element) throws ReflectiveOperationException {
      Class<?> type = element.getClass();
      String tag = localName((String) type.getMethod("getTagName").invoke(element));
      if (REFUSED_ELEMENTS.contains(tag)) refuse("element <" + tag + "> runs code");
      @SuppressWarnings("unchecked")
      Set<String> attributes = (Set<String>) type.getMethod("attributes").invoke(element);
      for (String key : attributes) {
        String name = localName(key);
        String value = (String) type.getMethod("attribute", String.class).invoke(element, key);
        if (REFUSED_ATTRIBUTES.contains(name)) refuse("attribute " + name + " on <" + tag + "> names code");
        if ("language".equals(name) && tag.equals("conditionExpression")) refuse("a condition in the script language " + value);
        checkExpressions(tag, value);
      }
      checkExpressions(tag, (String) type.getMethod("getText").invoke(element));
      for (Object child : (List<?>) type.getMethod("elements").invoke(element)) check(child);
    }

    private void checkExpressions(String tag, String text) throws ReflectiveOperationException {
      if (text == null) return;
      Matcher expressions = EXPRESSION.matcher(text);
      while (expressions.find()) {
        String body = STRING_LITERAL.matcher(expressions.group(1)).replaceAll("''");
        if (REACHES_FOR_CODE.matcher(body).find()) refuse("expression ${" + expressions.group(1) + "} on <" + tag + "> calls a method, reads a property or indexes");
      }
    }

    private void refuse(String why) throws ReflectiveOperationException {
      throw (RuntimeException) Class.forName(enginePackage + ".bpm.engine.ProcessEngineException")
          .getConstructor(String.class)
          .newInstance("智慧警保: 流程不得执行代码 / the flow may not run code: " + why);
    }
  }

  private static String localName(String name) {
    return name == null ? "" : name.substring(name.lastIndexOf(':') + 1);
  }
}
