package cn.jingbao.engine;

import java.sql.Array;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * What the product's 待办 projection reads from the engine, under /jingbao-rest (the API's token
 * only): the outbox of changed instances (taken, then acknowledged once applied, so a crash in
 * between only repeats work), and the current open tasks of given instances in one consistent read
 * (task, candidate links, the variables the list filters and sorts on).
 */
@RestController
@RequestMapping("/jingbao-rest")
public class TaskChangeController {
  private static final int MAX_BATCH = 2000;

  private final JdbcTemplate jdbc;
  private final TransactionTemplate snapshot;
  private final TaskChangeOutbox outbox;

  public TaskChangeController(DataSource dataSource, PlatformTransactionManager transactions, TaskChangeOutbox outbox) {
    this.jdbc = new JdbcTemplate(dataSource);
    this.snapshot = new TransactionTemplate(transactions);
    this.snapshot.setIsolationLevel(TransactionDefinition.ISOLATION_REPEATABLE_READ);
    this.snapshot.setReadOnly(true);
    this.outbox = outbox;
  }

  public record Take(int limit) {}

  public record Ack(List<Long> seqs) {}

  public record Instances(List<String> processInstanceIds) {}

  /** The oldest changes, not removed: the caller acknowledges the ones it applied. */
  @PostMapping("/task-changes/take")
  public Map<String, Object> take(@RequestBody Take take) {
    int limit = Math.max(1, Math.min(MAX_BATCH, take.limit()));
    List<Map<String, Object>> changes = jdbc.query(
        "SELECT seq, proc_inst_id_ FROM jb_task_change ORDER BY seq LIMIT ?",
        (rs, i) -> Map.of("seq", rs.getLong(1), "processInstanceId", rs.getString(2)), limit);
    return Map.of("changes", changes);
  }

  /** Removes applied changes by their numbers: a change committed late under a lower number stays. */
  @PostMapping("/task-changes/ack")
  public Map<String, Object> ack(@RequestBody Ack ack) {
    List<Long> seqs = ack.seqs() == null ? List.of() : ack.seqs().stream().limit(MAX_BATCH).toList();
    int removed = seqs.isEmpty() ? 0 : jdbc.execute((Connection c) -> {
      try (var statement = c.prepareStatement("DELETE FROM jb_task_change WHERE seq = ANY(?)")) {
        statement.setArray(1, c.createArrayOf("bigint", seqs.toArray()));
        return statement.executeUpdate();
      }
    });
    return Map.of("removed", removed);
  }

  /** Process instances with open tasks, in id order after `after`: the product's full reconcile pages through them. */
  @GetMapping("/task-instances")
  public Map<String, Object> instances(@RequestParam(name = "after", defaultValue = "") String after, @RequestParam(name = "limit", defaultValue = "1000") int limit) {
    List<String> ids = jdbc.queryForList(
        "SELECT DISTINCT proc_inst_id_ FROM act_ru_task WHERE proc_inst_id_ > ? ORDER BY proc_inst_id_ LIMIT ?",
        String.class, after, Math.max(1, Math.min(MAX_BATCH, limit)));
    return Map.of("processInstanceIds", ids);
  }

  /** The open tasks of the instances now, with candidates and the projection's variables, in one snapshot. */
  @PostMapping("/task-snapshots")
  public Map<String, Object> snapshots(@RequestBody Instances request) {
    List<String> instances = request.processInstanceIds() == null ? List.of() : request.processInstanceIds().stream().limit(MAX_BATCH).toList();
    if (instances.isEmpty()) return Map.of("tasks", List.of());
    List<Map<String, Object>> tasks = snapshot.execute(status -> jdbc.execute((Connection c) -> read(c, instances)));
    return Map.of("tasks", tasks);
  }

  private List<Map<String, Object>> read(Connection c, List<String> instances) throws SQLException {
    Array ids = c.createArrayOf("varchar", instances.toArray());
    Map<String, Map<String, Object>> tasks = new LinkedHashMap<>();
    try (var statement = c.prepareStatement("""
        SELECT t.id_, t.name_, t.assignee_, t.owner_, t.delegation_, t.create_time_, t.due_date_, t.task_def_key_,
               t.proc_inst_id_, t.proc_def_id_, d.key_, e.business_key_
        FROM act_ru_task t
        LEFT JOIN act_re_procdef d ON d.id_ = t.proc_def_id_
        LEFT JOIN act_ru_execution e ON e.id_ = t.proc_inst_id_
        WHERE t.proc_inst_id_ = ANY(?)""")) {
      statement.setArray(1, ids);
      try (ResultSet rs = statement.executeQuery()) {
        while (rs.next()) {
          Map<String, Object> task = new LinkedHashMap<>();
          task.put("id", rs.getString(1));
          task.put("name", rs.getString(2));
          task.put("assignee", rs.getString(3));
          task.put("owner", rs.getString(4));
          task.put("delegationState", rs.getString(5));
          task.put("created", iso(rs.getTimestamp(6)));
          task.put("due", iso(rs.getTimestamp(7)));
          task.put("taskDefinitionKey", rs.getString(8));
          task.put("processInstanceId", rs.getString(9));
          task.put("processDefinitionId", rs.getString(10));
          task.put("processDefinitionKey", rs.getString(11));
          task.put("businessKey", rs.getString(12));
          task.put("candidateUsers", new ArrayList<String>());
          task.put("candidateGroups", new ArrayList<String>());
          task.put("variables", new LinkedHashMap<String, Object>());
          tasks.put(rs.getString(1), task);
        }
      }
    }
    if (tasks.isEmpty()) return List.of();
    try (var statement = c.prepareStatement("SELECT task_id_, user_id_, group_id_ FROM act_ru_identitylink WHERE type_ = 'candidate' AND task_id_ = ANY(?)")) {
      statement.setArray(1, c.createArrayOf("varchar", tasks.keySet().toArray()));
      try (ResultSet rs = statement.executeQuery()) {
        while (rs.next()) {
          Map<String, Object> task = tasks.get(rs.getString(1));
          if (rs.getString(2) != null) candidates(task, "candidateUsers").add(rs.getString(2));
          if (rs.getString(3) != null) candidates(task, "candidateGroups").add(rs.getString(3));
        }
      }
    }
    // Process-instance scope, as the engine's task query reads processVariables.
    Map<String, Map<String, Object>> variables = new LinkedHashMap<>();
    try (var statement = c.prepareStatement("""
        SELECT proc_inst_id_, name_, type_, long_, double_, text_ FROM act_ru_variable
        WHERE proc_inst_id_ = ANY(?) AND execution_id_ = proc_inst_id_ AND name_ = ANY(?)""")) {
      statement.setArray(1, ids);
      statement.setArray(2, c.createArrayOf("varchar", outbox.variables().toArray()));
      try (ResultSet rs = statement.executeQuery()) {
        while (rs.next()) {
          String type = rs.getString(3);
          Object value = switch (type) {
            case "integer", "long", "short" -> rs.getObject(4) == null ? null : rs.getLong(4);
            case "double" -> rs.getObject(5) == null ? null : rs.getDouble(5);
            case "string", "boolean" -> "boolean".equals(type) ? (rs.getObject(4) == null ? null : rs.getLong(4) == 1) : rs.getString(6);
            default -> null;
          };
          variables.computeIfAbsent(rs.getString(1), k -> new LinkedHashMap<>()).put(rs.getString(2), value);
        }
      }
    }
    for (Map<String, Object> task : tasks.values()) {
      Map<String, Object> found = variables.get((String) task.get("processInstanceId"));
      if (found != null) task.put("variables", found);
    }
    return new ArrayList<>(tasks.values());
  }

  @SuppressWarnings("unchecked")
  private static List<String> candidates(Map<String, Object> task, String key) {
    return (List<String>) task.get(key);
  }

  /** The engine stores local times of the JVM's zone; JDBC reads them in the same zone. */
  private static String iso(Timestamp time) {
    return time == null ? null : time.toInstant().toString();
  }
}
