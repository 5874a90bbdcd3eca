import {
  CommonValidatorFunctions,
  makeValidator,
} from '@backstage/catalog-model';

/** Maximum length of an instance name (Helm release names are limited to 53). @public */
export const INSTANCE_NAME_MAX_LENGTH = 53;

/**
 * Whether `name` is a valid Backstage entity `metadata.name` (the catalog's
 * default validator: 1-63 chars of `[a-zA-Z0-9-_.]`, alphanumeric at both ends).
 * Names that fail are reported by the reader, never rewritten.
 * @public
 */
export function isValidEntityName(name: unknown): name is string {
  return makeValidator().isValidEntityName(name);
}

/**
 * Whether `name` is a valid instance name: a DNS-1123 label (lower case
 * alphanumerics and `-`, alphanumeric at both ends) of at most 53 characters.
 * @public
 */
export function isValidInstanceName(name: unknown): name is string {
  return (
    typeof name === 'string' &&
    name.length <= INSTANCE_NAME_MAX_LENGTH &&
    CommonValidatorFunctions.isValidDnsLabel(name) &&
    /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/.test(name)
  );
}
