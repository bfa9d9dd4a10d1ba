import { overlaps, ownRequest, sharedDays } from './trip-facts';

const span = (start: string, end: string, destination = '杭州') => ({ start, end, destination });

describe('trip facts', () => {
  it('overlap follows a.start < b.end and b.start < a.end', () => {
    expect(overlaps(span('2026-10-13', '2026-10-15'), span('2026-10-14', '2026-10-16'))).toBe(true);
    expect(overlaps(span('2026-10-13', '2026-10-15'), span('2026-10-15', '2026-10-16'))).toBe(false);
    expect(overlaps(span('2026-10-13', '2026-10-15'), span('2026-10-16', '2026-10-18'))).toBe(false);
  });

  it('treats identical day ranges as overlapping, one-day ones included', () => {
    expect(overlaps(span('2026-10-13', '2026-10-13'), span('2026-10-13', '2026-10-13'))).toBe(true);
  });

  it('counts shared days with both ends included', () => {
    expect(sharedDays(span('2026-10-13', '2026-10-15'), span('2026-10-14', '2026-10-20'))).toBe(2);
    expect(sharedDays(span('2026-10-13', '2026-10-15'), span('2026-10-16', '2026-10-20'))).toBe(0);
  });

  it('picks the overlapping request with the most shared days when none has the destination', () => {
    const requests = [
      { id: 'a', ...span('2026-10-10', '2026-10-14', '宁波') },
      { id: 'b', ...span('2026-10-12', '2026-10-20', '金华') },
    ];
    expect(ownRequest(span('2026-10-13', '2026-10-16'), requests)?.id).toBe('b');
  });
});
