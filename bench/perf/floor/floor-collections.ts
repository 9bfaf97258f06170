import { classes, courses } from './classes';
import { enrollments } from './enrollments';
import type { FloorCollection } from './floor-collection';
import { academicSessions, demographics, orgs } from './small-collections';
import { users } from './users';

/** The seven collections of an SDS full sync, by name. */
export const FLOOR_COLLECTIONS: Record<string, FloorCollection> = { orgs, academicSessions, courses, classes, users, enrollments, demographics };
