import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { AssetClassCatalogue, classForCatalogueCode, usefulLifeMonths } from './asset-classes';

const catalogue = JSON.parse(readFileSync(join(__dirname, '../../rules/data/asset-classes.json'), 'utf8')) as AssetClassCatalogue;
const classes = catalogue.classes;

describe('rules/data/asset-classes.json', () => {
  it('gives each class a known parent one level up, and no code twice', () => {
    const codes = new Set(classes.map((c) => c.code));
    expect(codes.size).toBe(classes.length);
    for (const c of classes) if (c.parent) expect({ code: c.code, parentKnown: codes.has(c.parent), prefix: c.code.startsWith(c.parent) }).toEqual({ code: c.code, parentKnown: true, prefix: true });
  });

  it('takes the useful lives of the 应用指南 table: computers and office equipment 6 years, vehicles 8, furniture 15, books none', () => {
    expect(usefulLifeMonths(classes, 'A02010104')).toBe(72);
    expect(usefulLifeMonths(classes, 'A020201')).toBe(72);
    expect(usefulLifeMonths(classes, 'A020307')).toBe(96);
    expect(usefulLifeMonths(classes, 'A0602')).toBe(180);
    expect(usefulLifeMonths(classes, 'A0501')).toBeNull();
  });

  it('proposes the class of a police purchase from its 品目 code, falling back to the nearest parent', () => {
    expect(classForCatalogueCode(classes, 'A021002')?.name).toBe('执法记录仪');
    expect(classForCatalogueCode(classes, 'A02080103')?.name).toContain('对讲机');
    expect(classForCatalogueCode(classes, 'A02010299')?.code).toBe('A020102');
    expect(classForCatalogueCode(classes, 'C0205')).toBeUndefined();
  });

  it('marks police equipment as special equipment (carded from ¥1,500) and everything below the top levels as sample', () => {
    expect(classes.filter((c) => c.code.startsWith('A03')).every((c) => c.special)).toBe(true);
    expect(classes.filter((c) => !c.code.startsWith('A03')).some((c) => c.special)).toBe(false);
    expect(classes.filter((c) => c.code.length > 3).every((c) => c.sample)).toBe(true);
    expect(catalogue.thresholdFen).toEqual({ general: 100000, specialEquipment: 150000 });
  });
});
