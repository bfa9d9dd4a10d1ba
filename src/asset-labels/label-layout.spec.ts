import { assetNumberFromCode } from '../stocktakes/stocktake.views';
import { labelOrigin, LAYOUTS, wrapText } from './label-layout';

describe('label layout', () => {
  it('fills the A4 sheet 3 across and 8 down, then starts a new page', () => {
    const a4 = LAYOUTS.a4;
    expect(labelOrigin(a4, 0)).toEqual({ x: 0, y: 297 - 0.5 - 37 });
    expect(labelOrigin(a4, 2)).toEqual({ x: 140, y: 297 - 0.5 - 37 });
    expect(labelOrigin(a4, 23)).toEqual({ x: 140, y: 297 - 0.5 - 8 * 37 });
    expect(labelOrigin(a4, 24)).toEqual(labelOrigin(a4, 0));
    // The grid stays on the page.
    expect(labelOrigin(a4, 23).y).toBeGreaterThanOrEqual(0);
  });

  it('puts one label on each 50 × 30 mm page of the label printer', () => {
    expect(labelOrigin(LAYOUTS.roll, 0)).toEqual({ x: 0, y: 0 });
    expect(labelOrigin(LAYOUTS.roll, 7)).toEqual({ x: 0, y: 0 });
  });

  it('wraps a long name into the lines it may take and ends the last with an ellipsis', () => {
    const measure = (s: string) => Array.from(s).length;
    expect(wrapText('台式计算机', 10, 2, measure)).toEqual(['台式计算机']);
    expect(wrapText('台式计算机联想启天M437', 5, 2, measure)).toEqual(['台式计算机', '联想启天…']);
    expect(wrapText('一二三四五六', 3, 3, measure)).toEqual(['一二三', '四五六']);
  });
});

describe('the asset number a label gives', () => {
  it('reads a bare number, a typed one, and one inside a link', () => {
    expect(assetNumberFromCode('ZC2026-000001')).toBe('ZC2026-000001');
    expect(assetNumberFromCode(' zc2026- 000001 ')).toBe('ZC2026-000001');
    expect(assetNumberFromCode('https://jingbao.example/assets/scan?n=ZC2026-000042')).toBe('ZC2026-000042');
  });
});
