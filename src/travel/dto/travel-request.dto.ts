import { IsDay, IsMoney, IsRequiredText } from '../../common/dto-fields';

/** 出差申请: who travels where, when, for what, and at what estimated cost. */
export class TravelRequestDto {
  @IsRequiredText(50) traveller!: string;
  @IsRequiredText(50) destination!: string;
  @IsDay() start!: string;
  @IsDay() end!: string;
  @IsMoney() estimate!: string;
  @IsRequiredText(500) purpose!: string;
}
