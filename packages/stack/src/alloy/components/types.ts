/**
 * The component table as written: compact strings transcribed from the reference pages, resolved
 * into {@link ComponentSpec} by `../components.ts`.
 *
 * An argument is `'name: type'`, with a trailing `!` when the page marks it required, and the
 * type exactly as the page's Type column spells it.
 */
export interface RawBlock {
  readonly name: string;
  /** The page's Blocks table says `yes`. */
  readonly required?: true;
  /** The block may appear more than once (a list in Alloy's Go types; the page's prose says so). */
  readonly repeatable?: true;
  /** The block accepts the component's own top-level blocks too (`stage.match` nests stages). */
  readonly nestsComponentBlocks?: true;
  /** The page includes this `docs/shared` page instead of an arguments table. */
  readonly shared?: string;
  readonly args?: readonly string[];
  readonly blocks?: readonly RawBlock[];
}

export interface RawComponent {
  readonly name: string;
  /** The page's `labels.stage` when it is not `general-availability`. */
  readonly stability?: 'public-preview' | 'experimental';
  readonly args?: readonly string[];
  readonly blocks?: readonly RawBlock[];
  /** `'name: type'` rows of the Exported fields table. */
  readonly exports: readonly string[];
}
