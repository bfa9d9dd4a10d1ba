/** Display helpers shared by the pages. */

/** "审批 Approval" → "审批" in Chinese, "Approval" in English: the BPMN names carry both. */
export function shortName(name: string | null | undefined, locale = 'zh-CN'): string {
  if (!name) return '';
  const match = /^([^A-Za-z]+?)\s+([A-Za-z].*)$/.exec(name);
  if (!match) return name;
  return locale === 'en' ? match[2] : match[1];
}

/** A timestamp as local date and minutes. */
export function timeText(iso: string | null | undefined): string {
  if (!iso) return '';
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())} ${pad(d.getHours())}:${pad(d.getMinutes())}`;
}

/** Thousands separators on a yuan string, keeping its two decimals. */
export function moneyText(yuan: string | null | undefined): string {
  if (yuan === null || yuan === undefined || yuan === '') return '—';
  const [whole, fraction = '00'] = yuan.split('.');
  return `${whole.replace(/\B(?=(\d{3})+(?!\d))/g, ',')}.${fraction.padEnd(2, '0')}`;
}

/** A candidate group id (`unit-head:chengxi`) as its role name via the locale's `groups` table. */
export function groupRole(group: string): string {
  return group.split(':')[0];
}

/** Usernames typed into one box, separated by commas (either width) or spaces. */
export function usernames(text: string): string[] {
  return [...new Set(text.split(/[\s,，、]+/).map((u) => u.trim()).filter(Boolean))];
}
