import { DynamicModule, Module } from '@nestjs/common';
import type { CompiledMapping } from '../mapping/compiled-mapping';
import { SourceDatabase } from '../source/source-database';
import { CollectionResponder } from './collection.responder';
import { SnapshotScheduler } from '../tracking/snapshot-scheduler';
import { TrackedRosterReader, TRACKING_STORE } from '../tracking/tracked-roster-reader';
import type { TrackingStore } from '../tracking/tracking-store';
import { ClientAccessPolicy } from './client-access.policy';
import { COMPILED_MAPPING, RosterReader } from './roster-reader';
import { rosteringControllers } from './rostering-controllers';
import { V1P1, V1P2 } from '../oneroster/versions';

/** The OneRoster 1.1 and 1.2 rostering APIs over a compiled mapping and an open source database. */
@Module({})
export class ApiModule {
  static forRoot(mapping: CompiledMapping, source: SourceDatabase, tracking?: TrackingStore): DynamicModule {
    return {
      module: ApiModule,
      controllers: [...rosteringControllers(V1P1), ...rosteringControllers(V1P2)],
      providers: [
        { provide: COMPILED_MAPPING, useValue: mapping },
        { provide: SourceDatabase, useValue: source },
        RosterReader,
        { provide: TRACKING_STORE, useValue: tracking },
        TrackedRosterReader,
        SnapshotScheduler,
        ClientAccessPolicy,
        CollectionResponder,
      ],
    };
  }
}
