import { ArrayMaxSize, ArrayMinSize, IsArray, IsIn, IsUUID, Matches } from 'class-validator';
import { IsMoney, IsOptionalField, IsRequiredText } from '../../common/dto-fields';
import { bilingual } from '../../common/validation';
import { DISPOSAL_WAYS, DisposalWay } from '../asset-flow-rules';

const CARDS_MESSAGE = bilingual('请选择 1 至 200 张资产卡片', 'choose 1 to 200 asset cards');

class CardsDto {
  @IsArray({ message: CARDS_MESSAGE })
  @ArrayMinSize(1, { message: CARDS_MESSAGE })
  @ArrayMaxSize(200, { message: CARDS_MESSAGE })
  @IsUUID('all', { each: true, message: bilingual('资产卡片编号格式不正确', 'each must be the id of an asset card') })
  cardIds!: string[];

  @IsRequiredText(500) reason!: string;
}

/** 调拨: cards of one unit to another unit. */
export class CreateTransferDto extends CardsDto {
  @Matches(/^[a-z][a-z0-9-]{0,39}$/, { message: bilingual('请选择调入单位', 'toUnit must be the code of a unit') }) toUnit!: string;
}

/** 处置: cards of one unit, how, what is left of them (残值) and what they brought in. */
export class CreateDisposalDto extends CardsDto {
  @IsIn(DISPOSAL_WAYS, { message: bilingual('处置方式应为报废、出售、对外捐赠或无偿调出', `way must be one of ${DISPOSAL_WAYS.join(', ')}`) }) way!: DisposalWay;
  /** 残值: the estimated salvage value, as appraised. */
  @IsOptionalField() @IsMoney() residual?: string;
  /** 处置收入: the money the sale or scrap brought in, owed to the treasury (应缴财政款). */
  @IsOptionalField() @IsMoney() proceeds?: string;
}
