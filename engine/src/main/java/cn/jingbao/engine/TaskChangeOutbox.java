package cn.jingbao.engine;

import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The outbox of task changes the product's 待办 projection drains: triggers on the engine's runtime
 * task, identity-link and (named) variable tables write the id of the process instance whose tasks
 * changed into jb_task_change, in the same transaction as the change. A database trigger, rather than
 * a task listener or history handler, sees every write path: REST calls, the job executor's timers,
 * instance deletion with skipCustomListeners, Cockpit's modifications and migrations, at any history
 * level, and needs no engine class (one source tree serves Operaton and Camunda 7, whose runtime
 * tables are the same). Set up once all singletons — the engine and its schema — exist and before the
 * web server takes requests; idempotent, so every node runs it at every start.
 */
@Component
public class TaskChangeOutbox implements SmartInitializingSingleton {
  private static final Logger log = LoggerFactory.getLogger(TaskChangeOutbox.class);
  /** Serialises the set-up between engine nodes starting at once. */
  private static final long SETUP_LOCK = 0x6a625f7461736bL;

  private final JdbcTemplate jdbc;
  private final TransactionTemplate transaction;
  private final List<String> variables;

  public TaskChangeOutbox(DataSource dataSource, PlatformTransactionManager transactions,
      @Value("${jingbao.task-projection.variables}") String variables) {
    this.jdbc = new JdbcTemplate(dataSource);
    this.transaction = new TransactionTemplate(transactions);
    this.variables = Arrays.stream(variables.split(",")).map(String::trim).filter(name -> name.matches("[A-Za-z][A-Za-z0-9_]*")).toList();
  }

  /** Variables whose change alters what the projection keeps of an open task (its filters and sorts). */
  public List<String> variables() {
    return variables;
  }

  @Override
  public void afterSingletonsInstantiated() {
    String names = variables.stream().map(name -> "'" + name + "'").collect(Collectors.joining(","));
    transaction.executeWithoutResult(status -> {
      jdbc.execute("SELECT pg_advisory_xact_lock(" + SETUP_LOCK + ")");
      jdbc.execute("""
          CREATE TABLE IF NOT EXISTS jb_task_change (
            seq bigserial PRIMARY KEY,
            proc_inst_id_ varchar(64) NOT NULL,
            changed_at timestamptz NOT NULL DEFAULT now()
          )""");
      jdbc.execute("""
          CREATE OR REPLACE FUNCTION jb_task_changed() RETURNS trigger LANGUAGE plpgsql AS $$
          DECLARE
            changed record;
            instance varchar(64);
          BEGIN
            IF TG_OP = 'DELETE' THEN changed := OLD; ELSE changed := NEW; END IF;
            IF TG_TABLE_NAME = 'act_ru_identitylink' THEN
              IF changed.task_id_ IS NULL THEN RETURN NULL; END IF;
              SELECT proc_inst_id_ INTO instance FROM act_ru_task WHERE id_ = changed.task_id_;
            ELSE
              instance := changed.proc_inst_id_;
            END IF;
            IF instance IS NOT NULL THEN
              INSERT INTO jb_task_change (proc_inst_id_) VALUES (instance);
            END IF;
            RETURN NULL;
          END $$""");
      jdbc.execute("DROP TRIGGER IF EXISTS jb_task_changed ON act_ru_task");
      jdbc.execute("CREATE TRIGGER jb_task_changed AFTER INSERT OR UPDATE OR DELETE ON act_ru_task FOR EACH ROW EXECUTE FUNCTION jb_task_changed()");
      jdbc.execute("DROP TRIGGER IF EXISTS jb_task_changed ON act_ru_identitylink");
      jdbc.execute("CREATE TRIGGER jb_task_changed AFTER INSERT OR UPDATE OR DELETE ON act_ru_identitylink FOR EACH ROW EXECUTE FUNCTION jb_task_changed()");
      jdbc.execute("DROP TRIGGER IF EXISTS jb_task_changed ON act_ru_variable");
      if (!variables.isEmpty()) {
        jdbc.execute("CREATE TRIGGER jb_task_changed AFTER INSERT OR UPDATE ON act_ru_variable FOR EACH ROW WHEN (NEW.name_ IN (" + names + ")) EXECUTE FUNCTION jb_task_changed()");
      }
    });
    log.info("task-change outbox ready (variables {})", variables);
  }
}
