import { Deserializer, Serializer } from '@nestjs/microservices';
import { BusMessage, BusReply, decodeMessage } from './wire-format';

/**
 * Nest's serializer hooks, as ServerRedis uses them: an incoming stream entry's fields become a
 * request or event (null when malformed), and a reply becomes the string published to the caller.
 * Replace them through BusServerOptions to change the wire format in one place.
 */
export type StreamEntryDeserializerLike = Deserializer<string[], BusMessage | null>;
export type BusReplySerializerLike = Serializer<BusReply, string>;

export class StreamEntryDeserializer implements StreamEntryDeserializerLike {
  deserialize(fields: string[]): BusMessage | null {
    return decodeMessage(fields);
  }
}

export class BusReplySerializer implements BusReplySerializerLike {
  serialize(reply: BusReply): string {
    return JSON.stringify(reply);
  }
}
