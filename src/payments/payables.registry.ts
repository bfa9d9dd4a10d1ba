import { Global, Injectable, Module } from '@nestjs/common';
import type { PayableSource } from './payable';

/** Every payable source the features registered at start-up (claims, contract payments …). */
@Injectable()
export class PayablesRegistry {
  private readonly sources = new Map<string, PayableSource>();

  register(source: PayableSource): void {
    if (this.sources.has(source.kind)) throw new Error(`payable source ${source.kind} is registered twice`);
    this.sources.set(source.kind, source);
  }

  source(kind: string): PayableSource | undefined {
    return this.sources.get(kind);
  }

  all(): PayableSource[] {
    return [...this.sources.values()];
  }
}

@Global()
@Module({ providers: [PayablesRegistry], exports: [PayablesRegistry] })
export class PayablesModule {}
