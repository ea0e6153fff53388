"""Prompts for the common asks; each points the model at the right tools."""

from __future__ import annotations

from typing import Annotated, Any

from mcp.server.mcpserver import MCPServer
from pydantic import Field


def register(mcp: MCPServer[Any]) -> None:
    @mcp.prompt(name="weekly_review", title="Weekly training review")
    def weekly_review(
        week: Annotated[str, Field(description="Which week: 'last week' or 'this week'")] = "last week",
    ) -> str:
        """Review a week of training: load, fitness and form, recovery, and what stood out."""
        return (
            f"Review my training for {week}. Use get_training_summary for {week} (time, distance, load by "
            f"sport), list_activities for {week} to see the sessions, get_fitness for the last 6 weeks to say "
            "where fitness, fatigue and form sit today and whether the ramp rate is sensible, and get_wellness "
            f"for {week} to check HRV, resting HR, sleep and soreness against my baseline. Open any key session "
            "with get_activity. Finish with three short observations and one suggestion for next week."
        )

    @mcp.prompt(name="plan_next_week", title="Plan next week")
    def plan_next_week(
        hours: Annotated[str, Field(description="Training time available, e.g. '8 hours'")] = "about as much as usual",
        focus: Annotated[str, Field(description="What to emphasise, e.g. 'threshold', 'base'")] = "my next race",
    ) -> str:
        """Plan next week's sessions in my own zones, then offer to put them on the calendar."""
        return (
            f"Plan my training for next week with {hours} available, focused on {focus}. First read "
            "get_athlete_profile (zones and thresholds), get_fitness (current form and ramp rate), "
            "get_calendar for the next 8 weeks (what is planned, races and days to go) and get_training_summary "
            "for the last 4 weeks (typical volume). Propose day by day sessions with structured steps in my "
            "zones. Only after I agree, write them with create_workouts (preview=true first, then for real)."
        )

    @mcp.prompt(name="race_readiness", title="Race readiness check")
    def race_readiness() -> str:
        """How ready am I for my next race, and what to do in the days left."""
        return (
            "How ready am I for my next race? Use get_calendar to find the next race and the days to go, "
            "get_fitness from 12 weeks ago to the race day (the days ahead are projected from my planned "
            "workouts, so it gives my form on race day if I follow the plan), "
            "get_best_efforts for the last 6 weeks against the same window last year, and get_wellness for the "
            "last 2 weeks. Say where I stand, the risks, and how to use the days left."
        )
