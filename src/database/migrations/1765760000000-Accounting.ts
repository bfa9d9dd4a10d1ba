import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Accounting (自动制单): posting-rule versions, vouchers with entries in both books (财务会计 and
 * 预算会计), periods, the per-period totals the books read, and the events no rule booked.
 *
 * What must never happen is refused here, whatever writes the rows:
 * - a voucher is numbered by the database from a counter row per period (记-0001 …): the row lock
 *   serialises concurrent raises and a rolled-back raise rolls its number back, so numbers have no gaps;
 *   a voucher is never deleted;
 * - states move draft → reviewed → posted only; the reviewer is not the maker and the poster is not
 *   the reviewer;
 * - at posting each book balances (Σ debit = Σ credit), checked by a constraint trigger;
 * - a posted voucher and its entries never change; nothing is written into a closed period;
 * - the totals per period, book, subject, unit and economic code are added at posting in the same
 *   transaction, so the books never read a half-posted state.
 */
export class Accounting1765760000000 implements MigrationInterface {
  name = 'Accounting1765760000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE posting_rule_version (
        version integer PRIMARY KEY CHECK (version > 0),
        effective_from date NOT NULL,
        definition jsonb NOT NULL CHECK (jsonb_typeof(definition) = 'object'),
        created_by text NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`
      CREATE TABLE accounting_period (
        period text PRIMARY KEY CHECK (period ~ '^[0-9]{4}-(0[1-9]|1[0-2])$'),
        status text NOT NULL CHECK (status IN ('open', 'closed')),
        closed_by text,
        closed_at timestamptz,
        checks jsonb,
        reopened_by text,
        reopened_at timestamptz,
        reopen_reason text,
        CHECK (status = 'open' OR closed_by IS NOT NULL),
        CHECK (reopened_by IS NULL OR reopen_reason IS NOT NULL)
      )`);
    await q.query(`CREATE TABLE voucher_counter (period text PRIMARY KEY, last_number integer NOT NULL CHECK (last_number > 0))`);
    await q.query(`
      CREATE TABLE voucher (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        period text NOT NULL CHECK (period ~ '^[0-9]{4}-(0[1-9]|1[0-2])$'),
        number integer NOT NULL,
        voucher_date date NOT NULL,
        summary text NOT NULL CHECK (length(summary) > 0),
        attachment_count integer NOT NULL DEFAULT 0 CHECK (attachment_count >= 0),
        source_kind text,
        source_id text,
        event_id bigint UNIQUE REFERENCES business_event (id),
        event_kind text,
        rule_version integer REFERENCES posting_rule_version (version),
        state text NOT NULL CHECK (state IN ('draft', 'reviewed', 'posted')),
        made_by text NOT NULL,
        reviewed_by text,
        reviewed_at timestamptz,
        posted_by text,
        posted_at timestamptz,
        reverses_id uuid UNIQUE REFERENCES voucher (id),
        created_at timestamptz NOT NULL DEFAULT now(),
        UNIQUE (period, number),
        CHECK (to_char(voucher_date, 'YYYY-MM') = period),
        CHECK ((source_kind IS NULL) = (source_id IS NULL)),
        CHECK (reviewed_by IS NULL OR reviewed_by <> made_by),
        CHECK (posted_by IS NULL OR posted_by <> reviewed_by),
        CHECK ((state = 'draft') = (reviewed_by IS NULL)),
        CHECK ((state = 'posted') = (posted_by IS NOT NULL))
      )`);
    await q.query(`CREATE INDEX voucher_source ON voucher (source_kind, source_id)`);
    await q.query(`CREATE INDEX voucher_period_state ON voucher (period, state)`);
    await q.query(`
      CREATE TABLE voucher_entry (
        id bigserial PRIMARY KEY,
        voucher_id uuid NOT NULL REFERENCES voucher (id),
        line_no integer NOT NULL CHECK (line_no > 0),
        book text NOT NULL CHECK (book IN ('financial', 'budget')),
        subject_code text NOT NULL CHECK (subject_code ~ '^[0-9]{4,8}$'),
        summary text NOT NULL DEFAULT '',
        unit text,
        economic_code text,
        functional_code text,
        project text,
        person text,
        supplier text,
        debit_fen bigint NOT NULL DEFAULT 0,
        credit_fen bigint NOT NULL DEFAULT 0,
        UNIQUE (voucher_id, line_no),
        CHECK ((debit_fen = 0) <> (credit_fen = 0))
      )`);
    await q.query(`CREATE INDEX voucher_entry_voucher ON voucher_entry (voucher_id)`);
    await q.query(`
      CREATE TABLE unbooked_event (
        event_id bigint PRIMARY KEY REFERENCES business_event (id),
        reason text NOT NULL,
        rule_version integer,
        noted_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE TABLE accounting_cursor (id boolean PRIMARY KEY DEFAULT true CHECK (id), last_event_id bigint NOT NULL DEFAULT 0)`);
    await q.query(`INSERT INTO accounting_cursor DEFAULT VALUES`);
    // What the books read: posted movements per period, book, subject and the two dimensions the
    // trial balance and most 明细账 filters use ('' where the entry has none).
    await q.query(`
      CREATE TABLE ledger_total (
        period text NOT NULL,
        book text NOT NULL,
        subject_code text NOT NULL,
        unit text NOT NULL,
        economic_code text NOT NULL,
        debit_fen bigint NOT NULL,
        credit_fen bigint NOT NULL,
        PRIMARY KEY (book, subject_code, period, unit, economic_code)
      )`);
    await q.query(`CREATE INDEX ledger_total_period ON ledger_total (period, book, subject_code)`);
    // Posted entries of a subject in period order, for 明细账 (period copied from the voucher at posting).
    await q.query(`ALTER TABLE voucher_entry ADD COLUMN posted_period text`);
    await q.query(`CREATE INDEX voucher_entry_ledger ON voucher_entry (book, subject_code, posted_period, voucher_id) WHERE posted_period IS NOT NULL`);
    // 往来 ledgers filter by person, supplier or project: their own paths to the posted lines.
    for (const dimension of ['person', 'supplier', 'project']) {
      await q.query(`CREATE INDEX voucher_entry_ledger_${dimension} ON voucher_entry (book, subject_code, ${dimension}, posted_period) WHERE posted_period IS NOT NULL AND ${dimension} IS NOT NULL`);
    }

    await q.query(`
      CREATE FUNCTION accounting_period_closed(p text) RETURNS boolean LANGUAGE sql STABLE AS $$
        SELECT EXISTS (SELECT 1 FROM accounting_period WHERE period = p AND status = 'closed')
      $$`);
    await q.query(`
      CREATE FUNCTION voucher_before_write() RETURNS trigger LANGUAGE plpgsql AS $$
      DECLARE n integer;
      BEGIN
        IF TG_OP = 'DELETE' THEN
          RAISE EXCEPTION 'a voucher is never deleted (voucher %)', OLD.id USING ERRCODE = 'check_violation';
        END IF;
        IF accounting_period_closed(NEW.period) THEN
          RAISE EXCEPTION 'period % is closed: nothing is written into it', NEW.period USING ERRCODE = 'check_violation';
        END IF;
        IF TG_OP = 'INSERT' THEN
          IF NEW.state <> 'draft' THEN
            RAISE EXCEPTION 'a voucher starts as a draft' USING ERRCODE = 'check_violation';
          END IF;
          INSERT INTO voucher_counter (period, last_number) VALUES (NEW.period, 1)
            ON CONFLICT (period) DO UPDATE SET last_number = voucher_counter.last_number + 1
            RETURNING last_number INTO n;
          NEW.number := n;
          RETURN NEW;
        END IF;
        IF OLD.state = 'posted' THEN
          RAISE EXCEPTION 'voucher %-% is posted: it never changes (reverse it instead)', OLD.period, OLD.number USING ERRCODE = 'check_violation';
        END IF;
        IF accounting_period_closed(OLD.period) THEN
          RAISE EXCEPTION 'period % is closed: nothing is written into it', OLD.period USING ERRCODE = 'check_violation';
        END IF;
        IF NEW.number <> OLD.number OR NEW.period <> OLD.period OR NEW.made_by <> OLD.made_by
           OR NEW.event_id IS DISTINCT FROM OLD.event_id OR NEW.reverses_id IS DISTINCT FROM OLD.reverses_id THEN
          RAISE EXCEPTION 'a voucher keeps its number, period, maker, event and reversed voucher' USING ERRCODE = 'check_violation';
        END IF;
        IF NOT (NEW.state = OLD.state OR (OLD.state = 'draft' AND NEW.state = 'reviewed') OR (OLD.state = 'reviewed' AND NEW.state IN ('posted', 'draft'))) THEN
          RAISE EXCEPTION 'a voucher moves draft → reviewed → posted, not % → %', OLD.state, NEW.state USING ERRCODE = 'check_violation';
        END IF;
        RETURN NEW;
      END $$`);
    await q.query(`CREATE TRIGGER voucher_before_write BEFORE INSERT OR UPDATE OR DELETE ON voucher FOR EACH ROW EXECUTE FUNCTION voucher_before_write()`);
    await q.query(`
      CREATE FUNCTION voucher_entry_before_write() RETURNS trigger LANGUAGE plpgsql AS $$
      DECLARE v record;
      BEGIN
        IF TG_OP = 'UPDATE' AND OLD.posted_period IS NULL AND NEW.posted_period IS NOT NULL
           AND (to_jsonb(NEW) - 'posted_period') = (to_jsonb(OLD) - 'posted_period') THEN
          -- Posting marks its entries: allowed only to the voucher's own period, once it is posted.
          SELECT state, period INTO v FROM voucher WHERE id = NEW.voucher_id;
          IF v.state = 'posted' AND v.period = NEW.posted_period THEN RETURN NEW; END IF;
        END IF;
        FOR v IN SELECT state, period, number FROM voucher WHERE id IN (
          CASE WHEN TG_OP = 'DELETE' THEN OLD.voucher_id ELSE NEW.voucher_id END,
          CASE WHEN TG_OP = 'UPDATE' THEN OLD.voucher_id ELSE NULL END) LOOP
          IF v.state <> 'draft' THEN
            RAISE EXCEPTION 'voucher %-% is %: its entries never change', v.period, v.number, v.state USING ERRCODE = 'check_violation';
          END IF;
          IF accounting_period_closed(v.period) THEN
            RAISE EXCEPTION 'period % is closed: nothing is written into it', v.period USING ERRCODE = 'check_violation';
          END IF;
        END LOOP;
        IF TG_OP = 'DELETE' THEN RETURN OLD; END IF;
        IF NEW.posted_period IS NOT NULL THEN
          RAISE EXCEPTION 'an entry is marked posted only by posting its voucher' USING ERRCODE = 'check_violation';
        END IF;
        RETURN NEW;
      END $$`);
    await q.query(`CREATE TRIGGER voucher_entry_before_write BEFORE INSERT OR UPDATE OR DELETE ON voucher_entry FOR EACH ROW EXECUTE FUNCTION voucher_entry_before_write()`);
    // Posting: each book balances, then the entries are marked and the totals added — one transaction.
    await q.query(`
      CREATE FUNCTION voucher_posting() RETURNS trigger LANGUAGE plpgsql AS $$
      DECLARE b record; lines integer;
      BEGIN
        SELECT count(*) INTO lines FROM voucher_entry WHERE voucher_id = NEW.id;
        IF lines = 0 THEN
          RAISE EXCEPTION 'voucher %-% has no entries to post', NEW.period, NEW.number USING ERRCODE = 'check_violation';
        END IF;
        FOR b IN SELECT book, sum(debit_fen) AS debit, sum(credit_fen) AS credit FROM voucher_entry WHERE voucher_id = NEW.id GROUP BY book LOOP
          IF b.debit <> b.credit THEN
            RAISE EXCEPTION 'voucher %-% does not balance in the % book: debit % fen, credit % fen', NEW.period, NEW.number, b.book, b.debit, b.credit USING ERRCODE = 'check_violation';
          END IF;
        END LOOP;
        UPDATE voucher_entry SET posted_period = NEW.period WHERE voucher_id = NEW.id;
        INSERT INTO ledger_total (period, book, subject_code, unit, economic_code, debit_fen, credit_fen)
          SELECT NEW.period, book, subject_code, coalesce(unit, ''), coalesce(economic_code, ''), sum(debit_fen), sum(credit_fen)
          FROM voucher_entry WHERE voucher_id = NEW.id GROUP BY book, subject_code, coalesce(unit, ''), coalesce(economic_code, '')
          ON CONFLICT (book, subject_code, period, unit, economic_code)
          DO UPDATE SET debit_fen = ledger_total.debit_fen + EXCLUDED.debit_fen, credit_fen = ledger_total.credit_fen + EXCLUDED.credit_fen;
        RETURN NULL;
      END $$`);
    await q.query(`
      CREATE CONSTRAINT TRIGGER voucher_posting AFTER UPDATE OF state ON voucher
      FOR EACH ROW WHEN (NEW.state = 'posted' AND OLD.state <> 'posted') EXECUTE FUNCTION voucher_posting()`);
    // A period closes only when every voucher in it is posted.
    await q.query(`
      CREATE FUNCTION accounting_period_closing() RETURNS trigger LANGUAGE plpgsql AS $$
      DECLARE left_open integer;
      BEGIN
        IF NEW.status = 'closed' THEN
          SELECT count(*) INTO left_open FROM voucher WHERE period = NEW.period AND state <> 'posted';
          IF left_open > 0 THEN
            RAISE EXCEPTION 'period % has % voucher(s) not posted: it cannot close', NEW.period, left_open USING ERRCODE = 'check_violation';
          END IF;
        END IF;
        IF TG_OP = 'DELETE' THEN
          RAISE EXCEPTION 'a period is never deleted' USING ERRCODE = 'check_violation';
        END IF;
        RETURN NEW;
      END $$`);
    await q.query(`CREATE TRIGGER accounting_period_closing BEFORE INSERT OR UPDATE OR DELETE ON accounting_period FOR EACH ROW EXECUTE FUNCTION accounting_period_closing()`);
    await q.query(`
      CREATE FUNCTION accounting_guard_truncate() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        RAISE EXCEPTION '% is never truncated', TG_TABLE_NAME USING ERRCODE = 'check_violation';
      END $$`);
    for (const table of ['voucher', 'voucher_entry', 'ledger_total', 'posting_rule_version']) {
      await q.query(`CREATE TRIGGER ${table}_no_truncate BEFORE TRUNCATE ON ${table} FOR EACH STATEMENT EXECUTE FUNCTION accounting_guard_truncate()`);
    }
    await q.query(`
      CREATE FUNCTION posting_rule_version_guard() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        RAISE EXCEPTION 'a posting-rule version is never changed; store a new one' USING ERRCODE = 'check_violation';
      END $$`);
    await q.query(`CREATE TRIGGER posting_rule_version_guard BEFORE UPDATE OR DELETE ON posting_rule_version FOR EACH ROW EXECUTE FUNCTION posting_rule_version_guard()`);
    for (const table of ['posting_rule_version', 'accounting_period', 'voucher', 'unbooked_event']) {
      await q.query(`CREATE TRIGGER ${table}_audit AFTER INSERT OR UPDATE OR DELETE ON ${table} FOR EACH ROW EXECUTE FUNCTION audit_row_change()`);
    }
  }

  async down(q: QueryRunner): Promise<void> {
    for (const table of ['ledger_total', 'accounting_cursor', 'unbooked_event', 'voucher_entry', 'voucher', 'voucher_counter', 'accounting_period', 'posting_rule_version']) await q.query(`DROP TABLE ${table}`);
    for (const fn of ['accounting_period_closing', 'voucher_posting', 'voucher_entry_before_write', 'voucher_before_write', 'accounting_guard_truncate', 'posting_rule_version_guard']) await q.query(`DROP FUNCTION ${fn}()`);
    await q.query(`DROP FUNCTION accounting_period_closed(text)`);
  }
}
