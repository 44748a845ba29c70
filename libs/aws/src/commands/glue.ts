// The operations its adapter sends, loaded lazily as one small module: a Lambda bundle keeps
// these commands only, where importing the client's whole namespace would keep every operation.
export { GetCrawlerCommand, StartCrawlerCommand } from '@aws-sdk/client-glue';
