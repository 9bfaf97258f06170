import { DynamicModule, Module } from '@nestjs/common';
import type { CompiledMapping } from '../mapping/compiled-mapping';
import { SourceDatabase } from '../source/source-database';
import { CollectionResponder } from './collection.responder';
import { AcademicSessionsController } from './controllers/academic-sessions.controller';
import { ClassesController } from './controllers/classes.controller';
import { CoursesController } from './controllers/courses.controller';
import { DemographicsController } from './controllers/demographics.controller';
import { EnrollmentsController } from './controllers/enrollments.controller';
import { OrgsController } from './controllers/orgs.controller';
import { UsersController } from './controllers/users.controller';
import { GradingPeriodsController } from './controllers/grading-periods.controller';
import { RelationshipsController } from './controllers/relationships.controller';
import { SchoolsController } from './controllers/schools.controller';
import { StudentsController } from './controllers/students.controller';
import { TeachersController } from './controllers/teachers.controller';
import { TermsController } from './controllers/terms.controller';
import { COMPILED_MAPPING, RosterReader } from './roster-reader';

/** The OneRoster 1.1 rostering API over a compiled mapping and an open source database. */
@Module({})
export class ApiModule {
  static forRoot(mapping: CompiledMapping, source: SourceDatabase): DynamicModule {
    return {
      module: ApiModule,
      controllers: [
        AcademicSessionsController,
        OrgsController,
        UsersController,
        ClassesController,
        EnrollmentsController,
        CoursesController,
        DemographicsController,
        SchoolsController,
        StudentsController,
        TeachersController,
        TermsController,
        GradingPeriodsController,
        RelationshipsController,
      ],
      providers: [
        { provide: COMPILED_MAPPING, useValue: mapping },
        { provide: SourceDatabase, useValue: source },
        RosterReader,
        CollectionResponder,
      ],
    };
  }
}
