import type { PolicyStatement } from './policy-document';

/** Something that can be granted permissions: a role with its own inline policy. */
export interface IGrantable {
  /** The role's name, for messages. */
  readonly grantName: string;
  addToPrincipalPolicy(statement: PolicyStatement): void;
}

/** The encryption side of a grant: resources encrypted with a key grant the key too. */
export interface IEncryptionKey {
  grantDecrypt(grantee: IGrantable): void;
  grantEncryptDecrypt(grantee: IGrantable): void;
}
