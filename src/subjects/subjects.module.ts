import { Global, Module } from '@nestjs/common';
import { SubjectInvolvement } from './subject-involvement';
import { SubjectRegistry } from './subject-registry';

/** The registry of subject kinds, global so every feature registers its kinds and links into one. */
@Global()
@Module({
  providers: [SubjectRegistry, SubjectInvolvement],
  exports: [SubjectRegistry, SubjectInvolvement],
})
export class SubjectsModule {}
