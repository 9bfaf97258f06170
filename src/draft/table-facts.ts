import type { ColumnProfile, TableProfile } from './database-profile';
import { ColumnRole, columnRoles } from './column-roles';
import { nameTokens } from './name-tokens';

/** A table with its name words and the roles of its columns worked out once. */
export class TableFacts {
  readonly tokens: readonly string[];
  private readonly byRole = new Map<ColumnRole, ColumnProfile[]>();

  constructor(readonly table: TableProfile) {
    this.tokens = nameTokens(table.name);
    for (const column of table.columns) {
      for (const role of columnRoles(column)) this.byRole.set(role, [...(this.byRole.get(role) ?? []), column]);
    }
  }

  get name(): string {
    return this.table.name;
  }

  has(role: ColumnRole): boolean {
    return this.byRole.has(role);
  }

  /** The first column (in table order) playing the role. */
  first(role: ColumnRole): ColumnProfile | undefined {
    return this.byRole.get(role)?.[0];
  }

  all(role: ColumnRole): readonly ColumnProfile[] {
    return this.byRole.get(role) ?? [];
  }

  /** The first column with the role that is none of `except`'s roles (a name that is not a code). */
  firstOnly(role: ColumnRole, except: readonly ColumnRole[]): ColumnProfile | undefined {
    return this.all(role).find((column) => !except.some((other) => this.all(other).includes(column)));
  }

  nameHas(words: readonly string[]): boolean {
    return this.tokens.some((token) => words.includes(token));
  }
}
