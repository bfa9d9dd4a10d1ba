import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn } from 'typeorm';

/** A Form.io definition as it was in force from `createdAt` on; the shipped file is version 1. */
@Entity('form_version')
export class FormVersion {
  @PrimaryGeneratedColumn('uuid') id!: string;
  @Column() name!: string;
  @Column() version!: number;
  @Column({ type: 'jsonb' }) definition!: FormDefinition;
  @Column({ name: 'created_by' }) createdBy!: string;
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' }) createdAt!: Date;
}

/** The parts of a Form.io form definition the server reads. */
export interface FormDefinition {
  name?: string;
  title?: string;
  display?: string;
  components: FormComponent[];
  [key: string]: unknown;
}

export interface FormComponent {
  type: string;
  key: string;
  label?: string;
  input?: boolean;
  components?: FormComponent[];
  [key: string]: unknown;
}
