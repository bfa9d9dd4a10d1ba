import { Body, Controller, Get, HttpCode, Param, Post } from '@nestjs/common';
import { CurrentActor } from '../auth/auth.guard';
import type { Actor } from '../org/org.service';
import { CompleteTaskDto } from './dto/complete-task.dto';
import { TasksService } from './tasks.service';

@Controller('tasks')
export class TasksController {
  constructor(private readonly tasks: TasksService) {}

  @Get()
  list(@CurrentActor() actor: Actor) {
    return this.tasks.list(actor);
  }

  @Post(':id/complete')
  @HttpCode(200)
  complete(@CurrentActor() actor: Actor, @Param('id') id: string, @Body() body: CompleteTaskDto) {
    return this.tasks.complete(actor, id, body.decision, body.comment);
  }
}
