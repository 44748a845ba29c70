import { z } from 'zod';

// Building blocks of the document schemas. Documents are strict (an unknown field is an error,
// not silently dropped) and read-only once parsed.

export const strictObject = <S extends z.core.$ZodLooseShape>(shape: S) => z.strictObject(shape).readonly();
export const list = <T extends z.ZodType>(item: T) => z.array(item).readonly();
export const recordOf = <T extends z.ZodType>(value: T) => z.record(z.string(), value).readonly();

export const count = z.number().int().nonnegative();
export const share = z.number().min(0).max(1);
export const nonEmpty = z.string().min(1);
