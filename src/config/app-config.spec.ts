import { ConfigError, loadConfig } from './app-config';

describe('loadConfig', () => {
  it('applies the embedded defaults when nothing is set', () => {
    const config = loadConfig({});
    expect(config.PORT).toBe(3000);
    expect(config.embeddedDatabase).toBe(true);
    expect(config.ENGINE_URL).toBeUndefined();
    expect(config.DEMO_PASSWORD).toBe('demo');
  });

  it('converts numeric and boolean strings', () => {
    const config = loadConfig({ PORT: '4000', WORKERS_ENABLED: 'false', SEED_DEMO: 'yes', NOTIFY_TASKS_ENABLED: 'false' });
    expect(config.PORT).toBe(4000);
    expect(config.WORKERS_ENABLED).toBe(false);
    expect(config.NOTIFY_TASKS_ENABLED).toBe(false);
    expect(loadConfig({}).NOTIFY_TASKS_ENABLED).toBe(true);
    expect(config.SEED_DEMO).toBe(true);
  });

  it('refuses a bad value and names the variable', () => {
    expect(() => loadConfig({ PORT: 'eighty' })).toThrow(ConfigError);
    try {
      loadConfig({ PORT: '70000', DATABASE_URL: 'mysql://x', LOG_LEVEL: 'loud' });
    } catch (error) {
      const problems = (error as ConfigError).problems.join('\n');
      expect(problems).toContain('PORT=');
      expect(problems).toContain('DATABASE_URL');
      expect(problems).toContain('LOG_LEVEL');
    }
    expect.assertions(4);
  });

  it('treats an empty variable as unset', () => {
    expect(loadConfig({ DATABASE_URL: '' }).embeddedDatabase).toBe(true);
  });
});
