/** asl-validator 4 ships no type declarations; this covers the part rekey uses. */
declare module 'asl-validator' {
  export interface AslValidatorOptions {
    /** Check the JSONPath expressions. @default true */
    readonly checkPaths?: boolean;
    /** Check the ARNs of Task resources. @default true */
    readonly checkArn?: boolean;
  }

  export interface AslValidatorError {
    readonly 'Error code': string;
    readonly Message?: string;
    readonly [k: string]: unknown;
  }

  export interface AslValidatorResult {
    readonly isValid: boolean;
    readonly errors: readonly AslValidatorError[];
    /** The errors as text, joined by `separator`. */
    errorsText(separator?: string): string;
  }

  /** Validates an Amazon States Language definition. Note: it annotates the definition's states in place. */
  export default function validate(definition: unknown, options?: AslValidatorOptions): AslValidatorResult;
}
