/** A page of results, as every paginated list in the API answers. */
export interface Page<T> {
  items: T[];
  total: number;
  page: number;
  limit: number;
}

export interface PageRequest {
  /** 1-based. */
  page: number;
  limit: number;
}
