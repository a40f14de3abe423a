"""Rendering: GB/T 9704 layout numbers and font sets, Report -> template context, the one docxtpl engine."""
