import { Injectable } from '@nestjs/common';
import { ExportWorkbook } from '../exports/export-writer';
import type { Actor } from '../org/org.service';
import { StocktakesService } from './stocktakes.service';

/** The decisions as the report names them. */
export const DECISION_NAMES: Record<string, string> = {
  investigate: '待查',
  'write-off': '报损',
  located: '已找到',
  'create-card': '建卡',
  return: '退回原单位',
  'not-asset': '非资产',
};

/** 盘点结果报告: the summary, the gaps with their decisions, and every expected card, as an Excel workbook. */
@Injectable()
export class StocktakeReport {
  constructor(private readonly stocktakes: StocktakesService) {}

  async workbook(actor: Actor, id: string): Promise<{ number: string; bytes: Buffer }> {
    const { stocktake, items } = await this.stocktakes.allItems(actor, id);
    const book = new ExportWorkbook();

    const summary = book.addSheet('汇总');
    summary.setColumns([{ header: '项目', key: 'k', width: 18 }, { header: '内容', key: 'v', width: 40 }]);
    const rows: [string, string | number][] = [
      ['盘点单号', stocktake.number],
      ['名称', stocktake.title],
      ['单位', stocktake.unit.name],
      ['存放地点', stocktake.location ?? '全部'],
      ['状态', stocktake.status === 'CLOSED' ? '已结束' : '进行中'],
      ['发起人', stocktake.openedBy],
      ['发起日期', stocktake.openedOn],
      ['结束日期', stocktake.closedOn ?? ''],
      ['账面数（应盘）', stocktake.expected],
      ['实盘相符', stocktake.found],
      ['盘亏', stocktake.missing],
      ['盘盈', stocktake.surplus],
      ['扫描次数', stocktake.scanCount],
    ];
    for (const [k, v] of rows) summary.addRow({ k, v });

    const gaps = book.addSheet('盘盈盘亏');
    gaps.setColumns([
      { header: '类型', key: 'kind', width: 8 },
      { header: '资产编号', key: 'number', width: 18 },
      { header: '名称 / 描述', key: 'name', width: 30 },
      { header: '存放地点', key: 'location', width: 16 },
      { header: '处理意见', key: 'decision', width: 12 },
      { header: '说明', key: 'note', width: 30 },
      { header: '处理人', key: 'by', width: 10 },
    ]);
    for (const item of items.filter((i) => !i.found)) {
      gaps.addRow({ kind: '盘亏', number: item.number, name: item.name, location: item.location ?? '', decision: item.decision ? DECISION_NAMES[item.decision.decision] : '未处理', note: item.decision?.note ?? '', by: item.decision?.decidedBy ?? '' });
    }
    for (const item of stocktake.surplusItems) {
      gaps.addRow({
        kind: '盘盈',
        number: item.code ?? '',
        name: item.description || (item.card ? '' : '未登记标签'),
        location: item.card?.location ?? '',
        decision: item.decision ? DECISION_NAMES[item.decision.decision] : '未处理',
        note: [item.card ? `卡片属于${item.card.unit}` : '', item.decision?.note ?? ''].filter(Boolean).join('；'),
        by: item.decision?.decidedBy ?? '',
      });
    }

    const list = book.addSheet('盘点清单');
    list.setColumns([
      { header: '资产编号', key: 'number', width: 18 },
      { header: '名称', key: 'name', width: 30 },
      { header: '存放地点', key: 'location', width: 16 },
      { header: '结果', key: 'result', width: 10 },
      { header: '首次扫描', key: 'at', width: 22 },
      { header: '扫描人', key: 'by', width: 10 },
    ]);
    for (const item of items) {
      list.addRow({ number: item.number, name: item.name, location: item.location ?? '', result: item.found ? '相符' : '盘亏', at: item.firstScan?.at ?? '', by: item.firstScan?.by ?? '' });
    }
    return { number: stocktake.number, bytes: await book.toBuffer() };
  }
}
