import { classifyTables, Classification } from './classify-tables';
import type { DatabaseProfile } from './database-profile';
import { draftAcademicSessions } from './draft-academic-sessions';
import { draftClasses } from './draft-classes';
import { DraftContext } from './draft-context';
import { draftCourses } from './draft-courses';
import { draftDemographics } from './draft-demographics';
import { draftEnrollments } from './draft-enrollments';
import type { DraftSource, EntityDraft } from './draft-model';
import { draftOrgs } from './draft-orgs';
import { draftUsers } from './draft-users';

export interface DraftSet {
  readonly classification: Classification;
  /** One per OneRoster entity, in the order of the entity files. */
  readonly drafts: readonly EntityDraft[];
}

/** Classifies the tables and drafts every entity from the same guesses and id scheme. */
export function draftMappings(profile: DatabaseProfile): DraftSet {
  const classification = classifyTables(profile);
  const context = new DraftContext(profile, classification);
  const drafts = [draftOrgs, draftAcademicSessions, draftCourses, draftClasses, draftUsers, draftEnrollments, draftDemographics].map((draft) => draft(context));
  return {
    classification,
    drafts: drafts.map((draft) =>
      draft.file ? { ...draft, file: { ...draft.file, sources: draft.file.sources.map((source) => withUnmappedColumns(source, profile)) } } : draft,
    ),
  };
}

/** Lists the source table's columns that no field, join or condition of the source uses. */
function withUnmappedColumns(source: DraftSource, profile: DatabaseProfile): DraftSource {
  const table = profile.tables.find((candidate) => candidate.name === source.table);
  if (!table) return source;
  const text = JSON.stringify([source.fields, source.joins, source.where]);
  const unused = table.columns.filter((column) => !new RegExp(`(^|[^A-Za-z0-9_])${escape(source.alias)}\\.${escape(column.name)}($|[^A-Za-z0-9_$#])`).test(text));
  return unused.length === 0 ? source : { ...source, unmapped: [...source.unmapped, `columns not mapped: ${unused.map((column) => column.name).join(', ')}`] };
}

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
