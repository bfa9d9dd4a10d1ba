import { PasswordHasher } from './password-hasher';

describe('PasswordHasher', () => {
  const hasher = new PasswordHasher();

  it('verifies the password it hashed and nothing else', async () => {
    const stored = await hasher.hash('demo');
    expect(stored).toMatch(/^scrypt\$/);
    expect(stored).not.toContain('demo');
    await expect(hasher.verify('demo', stored)).resolves.toBe(true);
    await expect(hasher.verify('Demo', stored)).resolves.toBe(false);
  });

  it('salts every hash', async () => {
    expect(await hasher.hash('demo')).not.toBe(await hasher.hash('demo'));
  });

  it('refuses a stored value of another scheme', async () => {
    await expect(hasher.verify('demo', 'plain$demo')).resolves.toBe(false);
  });
});
