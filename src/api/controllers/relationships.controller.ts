import { All, Controller, Get, Param, Req, Res } from '@nestjs/common';
import type { Request, Response } from 'express';
import { NESTED_ROUTE_SCOPES } from '../../auth/scopes';
import { RequireScopes } from '../../auth/require-scopes.decorator';
import { CollectionResponder } from '../collection.responder';
import { ONEROSTER_V1P1_PATH } from '../../http/public-url';
import { unsupportedOperation } from '../roster-collection.controller';
import * as route from '../route-constraints';

const PATHS = [
  'schools/:id/classes',
  'schools/:id/courses',
  'schools/:id/enrollments',
  'schools/:id/students',
  'schools/:id/teachers',
  'schools/:id/terms',
  'schools/:id/classes/:classId/enrollments',
  'schools/:id/classes/:classId/students',
  'schools/:id/classes/:classId/teachers',
  'classes/:id/students',
  'classes/:id/teachers',
  'courses/:id/classes',
  'students/:id/classes',
  'teachers/:id/classes',
  'users/:id/classes',
  'terms/:id/classes',
  'terms/:id/gradingPeriods',
];

/**
 * The relationship collections of OneRoster 1.1 §2.2 (/schools/{id}/classes …): each is the
 * top-level collection under a route constraint, with the same paging, sorting, filtering and
 * headers. An unknown parent is 200 with an empty page (see README, Endpoints).
 */
@Controller(ONEROSTER_V1P1_PATH)
@RequireScopes(...NESTED_ROUTE_SCOPES)
export class RelationshipsController {
  constructor(private readonly responder: CollectionResponder) {}

  @Get(PATHS[0])
  schoolClasses(@Param('id') id: string, @Req() req: Request, @Res({ passthrough: true }) res: Response) {
    return this.responder.list('classes', req, res, route.schoolClasses(id));
  }

  @Get(PATHS[1])
  schoolCourses(@Param('id') id: string, @Req() req: Request, @Res({ passthrough: true }) res: Response) {
    return this.responder.list('courses', req, res, route.schoolCourses(id));
  }

  @Get(PATHS[2])
  schoolEnrollments(@Param('id') id: string, @Req() req: Request, @Res({ passthrough: true }) res: Response) {
    return this.responder.list('enrollments', req, res, route.schoolEnrollments(id));
  }

  @Get(PATHS[3])
  schoolStudents(@Param('id') id: string, @Req() req: Request, @Res({ passthrough: true }) res: Response) {
    return this.responder.list('users', req, res, route.schoolUsers(id, 'student'));
  }

  @Get(PATHS[4])
  schoolTeachers(@Param('id') id: string, @Req() req: Request, @Res({ passthrough: true }) res: Response) {
    return this.responder.list('users', req, res, route.schoolUsers(id, 'teacher'));
  }

  @Get(PATHS[5])
  schoolTerms(@Param('id') id: string, @Req() req: Request, @Res({ passthrough: true }) res: Response) {
    return this.responder.list('academicSessions', req, res, route.schoolTerms(id));
  }

  @Get(PATHS[6])
  schoolClassEnrollments(@Param('id') id: string, @Param('classId') classId: string, @Req() req: Request, @Res({ passthrough: true }) res: Response) {
    return this.responder.list('enrollments', req, res, route.schoolClassEnrollments(id, classId));
  }

  @Get(PATHS[7])
  schoolClassStudents(@Param('id') id: string, @Param('classId') classId: string, @Req() req: Request, @Res({ passthrough: true }) res: Response) {
    return this.responder.list('users', req, res, route.schoolClassUsers(id, classId, 'student'));
  }

  @Get(PATHS[8])
  schoolClassTeachers(@Param('id') id: string, @Param('classId') classId: string, @Req() req: Request, @Res({ passthrough: true }) res: Response) {
    return this.responder.list('users', req, res, route.schoolClassUsers(id, classId, 'teacher'));
  }

  @Get(PATHS[9])
  classStudents(@Param('id') id: string, @Req() req: Request, @Res({ passthrough: true }) res: Response) {
    return this.responder.list('users', req, res, route.classUsers(id, 'student'));
  }

  @Get(PATHS[10])
  classTeachers(@Param('id') id: string, @Req() req: Request, @Res({ passthrough: true }) res: Response) {
    return this.responder.list('users', req, res, route.classUsers(id, 'teacher'));
  }

  @Get(PATHS[11])
  courseClasses(@Param('id') id: string, @Req() req: Request, @Res({ passthrough: true }) res: Response) {
    return this.responder.list('classes', req, res, route.courseClasses(id));
  }

  @Get(PATHS[12])
  studentClasses(@Param('id') id: string, @Req() req: Request, @Res({ passthrough: true }) res: Response) {
    return this.responder.list('classes', req, res, route.userClasses(id, 'student'));
  }

  @Get(PATHS[13])
  teacherClasses(@Param('id') id: string, @Req() req: Request, @Res({ passthrough: true }) res: Response) {
    return this.responder.list('classes', req, res, route.userClasses(id, 'teacher'));
  }

  @Get(PATHS[14])
  userClasses(@Param('id') id: string, @Req() req: Request, @Res({ passthrough: true }) res: Response) {
    return this.responder.list('classes', req, res, route.userClasses(id));
  }

  @Get(PATHS[15])
  termClasses(@Param('id') id: string, @Req() req: Request, @Res({ passthrough: true }) res: Response) {
    return this.responder.list('classes', req, res, route.termClasses(id));
  }

  @Get(PATHS[16])
  termGradingPeriods(@Param('id') id: string, @Req() req: Request, @Res({ passthrough: true }) res: Response) {
    return this.responder.list('academicSessions', req, res, route.termGradingPeriods(id));
  }

  /** Read-only, like every collection: other methods are 405. */
  @All(PATHS)
  refuseWrite(@Req() req: Request): never {
    throw unsupportedOperation(req);
  }
}
