import { Body, Controller, Get, HttpCode, Post, Query } from '@nestjs/common';
import { CurrentActor } from '../auth/auth.guard';
import type { Actor } from '../org/org.service';
import { MarkReadDto, NotificationPageQuery } from './dto/notifications.dto';
import { NotificationsService } from './notifications.service';

@Controller('notifications')
export class NotificationsController {
  constructor(private readonly notifications: NotificationsService) {}

  /** The caller's notifications, newest first, with the unread count for the bell. */
  @Get()
  list(@CurrentActor() actor: Actor, @Query() query: NotificationPageQuery) {
    return this.notifications.list(actor.username, query.page ?? 1);
  }

  @Get('unread')
  async unread(@CurrentActor() actor: Actor) {
    return { unread: await this.notifications.unread(actor.username) };
  }

  /** Marks the listed notifications read, or every one when no ids are given. */
  @Post('read')
  @HttpCode(200)
  markRead(@CurrentActor() actor: Actor, @Body() body: MarkReadDto) {
    return this.notifications.markRead(actor.username, body.ids);
  }
}
