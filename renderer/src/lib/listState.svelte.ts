// The case list's query and page, kept while the user visits a case and comes back.
export const listState = $state<{ query: string; offset: number }>({ query: '', offset: 0 });
export const PAGE_SIZE = 20;
