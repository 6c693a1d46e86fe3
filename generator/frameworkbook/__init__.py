"""Index sets written by the people who issue them: a workbook an official fills like the decision's table.

``layout`` is shared by the writer (``write``: ``dti framework template`` and ``export``, and the workbook
written back after collecting) and the reader (``read``); ``collect`` turns a filled workbook into the
package under ``data/frameworks/<id>/``; ``guide`` is the workbook's «Hướng dẫn» sheet.
"""
