/**
 * TypeORM's `query()` returns plain rows for SELECT but `[rows, rowCount]` for UPDATE and DELETE
 * (with or without RETURNING). These two helpers read either shape.
 */
export function sqlRows<T>(result: unknown): T[] {
  if (Array.isArray(result) && result.length === 2 && Array.isArray(result[0]) && typeof result[1] === 'number') {
    return result[0] as T[];
  }
  return result as T[];
}

export function sqlAffected(result: unknown): number {
  if (Array.isArray(result) && result.length === 2 && typeof result[1] === 'number') return result[1];
  if (Array.isArray(result)) return result.length;
  return 0;
}
