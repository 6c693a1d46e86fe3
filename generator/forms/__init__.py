"""Submissions by spreadsheet: one form per unit for its self-assessment, one workbook per unit type for
the appraisal council, and reading the filled forms back into a year's data package.

``layout`` says where everything is (shared by the writer and the reader), ``cells`` converts between
cell values and the package's text, ``template`` writes the workbooks, ``collect`` reads and checks
them, and ``merge`` folds what they hold into the year's CSV files after scoring the result.
"""
